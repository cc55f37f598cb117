import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, test } from 'vitest';
import { loadConfig } from './load.ts';
import { mapFiles, readPmtilesHeader } from './mapConfig.ts';
import { configErrorOf, styleFixture, writePmtilesFixture } from './testing.ts';

describe('config map and positions.historyDays', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cc-mapconfig-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, content: string | Record<string, unknown>) => {
    const p = path.join(dir, name);
    writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content));
    return p;
  };

  test('loadConfig() defaults to the bundled WGS-84 demo map and 90 days of track history', () => {
    const c = loadConfig({});
    assert.deepEqual(c.map, { style: null, tiles: null, datum: 'WGS-84' });
    assert.equal(c.positions.historyDays, 90);
  });

  test('loadConfig() throws ConfigError naming positions.historyDays when TRACK_HISTORY_DAYS is 0', () => {
    assert.equal(configErrorOf(() => loadConfig({ TRACK_HISTORY_DAYS: '0' })).key, 'positions.historyDays (env TRACK_HISTORY_DAYS)');
  });

  test('loadConfig() throws ConfigError naming map.datum for GCJ-02 without a map of the deployment', () => {
    const err = configErrorOf(() => loadConfig({ MAP_DATUM: 'GCJ-02' }));
    assert.equal(err.key, 'map.datum');
    assert.match(err.message, /WGS-84/);
    assert.equal(configErrorOf(() => loadConfig({ MAP_DATUM: 'BD-09' })).key, 'map.datum (env MAP_DATUM)');
  });

  test('loadConfig() throws ConfigError naming map.style for a missing file, a non-style and a style naming a missing file', () => {
    assert.match(configErrorOf(() => loadConfig({ MAP_STYLE: path.join(dir, 'none.json') })).message, /no such file/);
    assert.equal(configErrorOf(() => loadConfig({ MAP_STYLE: file('v7.json', { version: 7, sources: {}, layers: [] }) })).key, 'map.style');
    assert.equal(configErrorOf(() => loadConfig({ MAP_STYLE: file('broken.json', '{') })).key, 'map.style');
    const err = configErrorOf(() => loadConfig({ MAP_STYLE: file('missing-data.json', styleFixture({ geojson: 'gone.geojson' })) }));
    assert.equal(err.key, 'map.style');
    assert.match(err.message, /gone\.geojson/);
  });

  test('loadConfig() throws ConfigError naming map.tiles for a non-archive, a template without {z} and a file that is no PMTiles', () => {
    assert.equal(configErrorOf(() => loadConfig({ MAP_TILES: file('tiles.mbtiles', 'x') })).key, 'map.tiles');
    assert.match(configErrorOf(() => loadConfig({ MAP_TILES: 'http://10.1.1.1/tiles/{x}/{y}.png' })).message, /\{z\}/);
    assert.match(configErrorOf(() => loadConfig({ MAP_TILES: file('fake.pmtiles', 'not an archive') })).message, /PMTiles v3/);
  });

  test('loadConfig() accepts a style with its files beside it, a PMTiles archive and GCJ-02, and mapFiles() lists what is served', () => {
    writePmtilesFixture(path.join(dir, 'base.pmtiles'));
    file('bounds.geojson', { type: 'FeatureCollection', features: [] });
    const style = file('style.json', styleFixture({ geojson: 'bounds.geojson', pmtiles: 'base.pmtiles' }));
    const c = loadConfig({ MAP_STYLE: style, MAP_DATUM: 'GCJ-02' });
    assert.equal(c.map.style, style);
    assert.deepEqual([...mapFiles(c.map).keys()].sort(), ['base.pmtiles', 'bounds.geojson']);
    const tiles = loadConfig({ MAP_TILES: path.join(dir, 'base.pmtiles') });
    assert.deepEqual(readPmtilesHeader(tiles.map.tiles ?? '')?.tileType, 'png');
    assert.equal(loadConfig({ MAP_TILES: 'http://10.1.1.1/t/{z}/{x}/{y}.png' }).map.tiles, 'http://10.1.1.1/t/{z}/{x}/{y}.png');
  });
});
