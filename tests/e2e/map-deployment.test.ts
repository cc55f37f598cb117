import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Request } from 'playwright-core';
import { afterAll, beforeAll, describe, test } from 'vitest';
import { styleFixture, writePmtilesFixture } from '../../config/testing.ts';
import { browserUnavailable, launchBrowser, SCREENSHOT_DIR, signIn, waitConnected, watchPage } from '../support/browser.ts';
import { countNear, decodePng } from '../support/png.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { skipTitle } from '../support/skip.ts';
import type { Browser } from 'playwright-core';

const skip = browserUnavailable();

// A deployment's own base map (config map.style, datum GCJ-02): the console loads the style from the
// server, reads the .pmtiles archive it names through the pmtiles protocol with HTTP Range, draws
// the GeoJSON it names, and says nothing of 示意图 or 南海诸岛 (the deployment's approved map has its own).
describe.skipIf(skip)(skipTitle('the console map on a deployment\'s style in Chromium', skip), () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cc-mapstyle-'));
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    writePmtilesFixture(path.join(dir, 'base.pmtiles'), 64 * 1024);
    const ring = [[118.0, 27.1], [123.0, 27.1], [123.0, 31.2], [118.0, 31.2], [118.0, 27.1]];
    writeFileSync(path.join(dir, 'bounds.geojson'), JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { name: '辖区' }, geometry: { type: 'LineString', coordinates: ring } }] }));
    writeFileSync(path.join(dir, 'style.json'), JSON.stringify(styleFixture({ geojson: 'bounds.geojson', pmtiles: 'base.pmtiles' })));
    server = await startServer({ MAP_STYLE: path.join(dir, 'style.json'), MAP_DATUM: 'GCJ-02' });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('the style, its GeoJSON and its archive (in ranges) come from the server; no 示意图, no inset; nothing off the machine', async () => {
    const errors: string[] = [];
    const requests: Request[] = [];
    const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
    watchPage(page, errors, 'console');
    page.on('request', (r) => requests.push(r));
    await signIn(page, `${server.url}/console?view=map`, 'h.leader');
    await waitConnected(page);
    await page.locator('[data-testid="map-status"][data-state="ready"]').waitFor({ timeout: 60_000 });
    await page.locator('[data-testid="map-canvas"][data-idle="true"]').waitFor({ timeout: 60_000 });
    const urls = requests.map((r) => r.url());
    assert.ok(urls.some((u) => u.endsWith('/api/map/style.json')), 'the style');
    assert.ok(urls.some((u) => u.endsWith('/api/map/files/bounds.geojson')), 'its GeoJSON');
    const ranged = requests.filter((r) => r.url().endsWith('/api/map/files/base.pmtiles'));
    assert.ok(ranged.length > 0 && ranged.every((r) => /^bytes=\d+-\d+$/.test(r.headers()['range'] ?? '')), 'the archive, read in ranges');
    assert.deepEqual(urls.filter((u) => !u.startsWith(`${server.url}/`) && !u.startsWith('data:') && !u.startsWith('blob:')), []);
    assert.equal(await page.getByTestId('map-schematic').count(), 0);
    assert.equal(await page.locator('.map-inset.hidden').count(), 1);
    const png = await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'map-deployment.png') });
    const panel = await page.getByTestId('map-panel').boundingBox();
    assert.ok(panel);
    // The style's own background (#0b1f33) fills the map: its base map, not the demo's.
    assert.ok(countNear(decodePng(png), [11, 31, 51], 4, panel) > 10_000);
    assert.deepEqual(errors, []);
    await page.close();
  });
});
