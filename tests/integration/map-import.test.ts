import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, test } from 'vitest';
import { ROOT_DIR, loadConfig } from '../../config/load.ts';
import { mapFiles } from '../../config/mapConfig.ts';
import { writePmtilesFixture } from '../../config/testing.ts';

// npm run map:import, as a deployment runs it: the script in a child process on real files.
const NODE = path.join(ROOT_DIR, 'node_modules', '.bin', 'node');
const SCRIPT = path.join(ROOT_DIR, 'scripts', 'map-import.ts');

describe('npm run map:import', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cc-mapimport-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const run = (...args: string[]) => spawnSync(NODE, ['--disable-warning=ExperimentalWarning', SCRIPT, ...args], { encoding: 'utf8', env: { ...process.env, CONFIG_FILE: '' } });
  const file = (name: string, value: unknown) => {
    const p = path.join(dir, name);
    writeFileSync(p, JSON.stringify(value));
    return p;
  };
  const county = (name: string, lng: number, lat: number) => ({
    type: 'Feature',
    properties: { name },
    geometry: { type: 'Polygon', coordinates: [[[lng, lat], [lng + 0.1, lat], [lng + 0.1, lat + 0.1], [lng, lat]]] },
  });

  test('map:import turns a GeoJSON file into a style and the file beside it, and sets them in the config file the server then accepts', () => {
    const geojson = file('bounds.geojson', { type: 'FeatureCollection', features: [county('西湖区', 120.1, 30.2), county('滨江区', 120.2, 30.2)] });
    const config = file('deploy.json', { server: { port: 8700 } });
    const out = path.join(dir, 'geo');
    const r = run(geojson, '--dir', out, '--config', config, '--datum', 'GCJ-02');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /2 个要素，2 个带名称/);
    const written = JSON.parse(readFileSync(config, 'utf8')) as { server: unknown; map: { style: string; datum: string } };
    assert.deepEqual(written.server, { port: 8700 }, 'the rest of the config stays');
    assert.equal(written.map.style, path.join(out, 'style.json'));
    const loaded = loadConfig({ CONFIG_FILE: config });
    assert.equal(loaded.map.datum, 'GCJ-02');
    assert.deepEqual([...mapFiles(loaded.map).keys()], ['bounds.geojson']);
  });

  test('map:import writes a style drawing each vector layer of a tippecanoe archive, and a raster style for raster tiles', () => {
    const vector = path.join(dir, 'zj.pmtiles');
    writePmtilesFixture(vector, 1024, ['boundaries', 'places']);
    const out = path.join(dir, 'vector');
    const r = run(vector, '--dir', out);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /MAP_STYLE=/, 'without a config file it prints what to set');
    const style = JSON.parse(readFileSync(path.join(out, 'style.json'), 'utf8')) as { sources: Record<string, { type: string; url: string }>; layers: { 'source-layer'?: string }[] };
    assert.deepEqual(style.sources['base'], { type: 'vector', url: 'pmtiles:///api/map/files/zj.pmtiles' });
    assert.deepEqual([...new Set(style.layers.map((l) => l['source-layer']).filter(Boolean))], ['boundaries', 'places']);
    const raster = path.join(dir, 'sat.pmtiles');
    writePmtilesFixture(raster, 1024);
    const rr = run(raster, '--dir', path.join(dir, 'raster'));
    assert.equal(rr.status, 0, rr.stderr);
    assert.match(rr.stdout, /raster tiles \(png\)/);
  });

  test('map:import refuses swapped coordinates, a file that is no archive and an unknown datum, saying why in Chinese and English', () => {
    const swapped = run(file('swapped.geojson', { type: 'FeatureCollection', features: [county('西湖区', 30.2, 120.1)] }), '--dir', path.join(dir, 'x'));
    assert.equal(swapped.status, 1);
    assert.match(swapped.stderr, /不在中国范围内.*\/ feature 1: \[30\.2, 120\.1\] is not a longitude\/latitude in China/);
    const fake = path.join(dir, 'fake.pmtiles');
    writeFileSync(fake, 'not an archive');
    assert.match(run(fake, '--dir', path.join(dir, 'x')).stderr, /不是 PMTiles v3 档案/);
    assert.match(run(fake, '--datum', 'BD-09').stderr, /--datum must be WGS-84 or GCJ-02/);
  });
});
