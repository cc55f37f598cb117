import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, test } from 'vitest';
import { styleFixture, writePmtilesFixture } from '../../config/testing.ts';
import type { MapConfigAnswer } from '../../protocol/map.ts';
import { login, startServer, type RunningServer } from '../support/server.ts';

// A deployment's own map: its style, and the .pmtiles archive the style names, served by the real
// server over HTTP with Range (pmtiles in the browser reads the archive in ranges).
describe('a deployment map (config map.style, map.datum GCJ-02)', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cc-mapfiles-'));
  let server: RunningServer;
  let archive: Buffer;
  let auth: Record<string, string>;
  const get = (url: string, headers: Record<string, string> = {}) => fetch(`${server.url}${url}`, { headers: { ...auth, ...headers } });

  beforeAll(async () => {
    archive = writePmtilesFixture(path.join(dir, 'base.pmtiles'), 256 * 1024);
    writeFileSync(path.join(dir, 'bounds.geojson'), JSON.stringify({ type: 'FeatureCollection', features: [] }));
    writeFileSync(path.join(dir, 'secret.json'), '{"not":"named by the style"}');
    writeFileSync(path.join(dir, 'style.json'), JSON.stringify(styleFixture({ geojson: 'bounds.geojson', pmtiles: 'base.pmtiles' })));
    server = await startServer({ MAP_STYLE: path.join(dir, 'style.json'), MAP_DATUM: 'GCJ-02' });
    auth = { authorization: `Bearer ${await login(server, 'xihu.operator')}` };
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('GET /api/map/config answers the deployment\'s style with its GCJ-02 datum, not the schematic demo', async () => {
    const config = (await (await get('/api/map/config')).json()) as MapConfigAnswer;
    assert.deepEqual(config, { source: 'style', schematic: false, datum: 'GCJ-02', styleUrl: '/api/map/style.json', tiles: null, demo: null, bounds: null });
    const style = (await (await get('/api/map/style.json')).json()) as { version: number; sources: Record<string, { url?: string }> };
    assert.equal(style.version, 8);
    assert.equal(style.sources['base']?.url, 'pmtiles:///api/map/files/base.pmtiles');
  });

  test('GET /api/map/files/base.pmtiles answers a Range with 206, Content-Range and exactly those bytes', async () => {
    const head = await get('/api/map/files/base.pmtiles', { range: 'bytes=0-126' });
    assert.equal(head.status, 206);
    assert.equal(head.headers.get('content-range'), `bytes 0-126/${archive.length}`);
    assert.equal(head.headers.get('accept-ranges'), 'bytes');
    assert.deepEqual(Buffer.from(await head.arrayBuffer()), archive.subarray(0, 127));
    const middle = await get('/api/map/files/base.pmtiles', { range: 'bytes=100000-116383' });
    assert.equal(middle.status, 206);
    assert.deepEqual(Buffer.from(await middle.arrayBuffer()), archive.subarray(100_000, 116_384));
    const whole = await get('/api/map/files/base.pmtiles');
    assert.equal(whole.status, 200);
    assert.equal(whole.headers.get('accept-ranges'), 'bytes');
    assert.equal(whole.headers.get('cache-control'), 'private, no-cache');
    assert.equal((await whole.arrayBuffer()).byteLength, archive.length);
    assert.equal((await get('/api/map/files/base.pmtiles', { range: `bytes=${archive.length}-` })).status, 416);
  });

  test('GET /api/map/files serves only the files the style names, and only to a session', async () => {
    assert.equal((await get('/api/map/files/bounds.geojson')).status, 200);
    assert.equal((await get('/api/map/files/secret.json')).status, 404);
    assert.equal((await get('/api/map/files/..%2Fsecret.json')).status, 404);
    assert.equal((await fetch(`${server.url}/api/map/files/base.pmtiles`)).status, 401);
    assert.equal((await get('/api/map/demo/counties.geojson')).status, 200, 'the demo geography stays available');
  });
});
