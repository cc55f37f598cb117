import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, test } from 'vitest';
import { loadConfig } from '../../config/load.ts';
import type { TerminalContext } from '../../protocol/action.ts';
import { buildApp, type App } from '../../server/app.ts';
import type { DemoAccount } from '../../server/demo/generate.ts';
import { browserUnavailable, launchBrowser, SCREENSHOT_DIR, signIn, waitConnected, watchPage } from '../support/browser.ts';
import { countNear, decodePng, distinctColours, type Box } from '../support/png.ts';
import { connectClient, login, type TestSocket } from '../support/server.ts';
import { skipTitle } from '../support/skip.ts';

const skip = browserUnavailable();

// The console map in Chromium over the demo province (a few thousand cases, the real 101 courts on
// their counties): the province view, a drilled-down court with the heatmap, a case drawer and a
// track replay, each a screenshot in test-results/screenshots checked to be drawn (not blank) with
// the legend's 红黄蓝绿 among its pixels; and no request leaves 127.0.0.1.

/** The theme's risk colours (renderer/console/map/palette.ts RISK_RGBA). */
const RISK = { red: [229, 72, 77], yellow: [245, 195, 59], blue: [58, 160, 255], green: [48, 164, 108] } as const;
/** The heatmap's orange step (mapLayers.ts HEAT_RANGE), a colour no other layer draws. */
const HEAT = [240, 130, 60] as const;
/** The first replayed track's colour (replayPaths.ts). */
const TRACK = [34, 211, 238] as const;

interface DemoServer {
  app: App;
  url: string;
  accounts: DemoAccount[];
  close(): Promise<void>;
}

async function startDemoServer(cases: number): Promise<DemoServer> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'cc-map-'));
  const config = loadConfig({ DATA_DIR: dataDir, MEDIA_WORKERS: '1', PORT: '0', LOG_LEVEL: 'warn', SCRYPT_COST: '1024', DEMO_SEED: 'true', DEMO_CASES: String(cases) });
  let accounts: DemoAccount[] = [];
  const app = await buildApp({ config, logger: { level: process.env.TEST_LOG_LEVEL ?? 'silent' }, seedDemo: true, onSeeded: (r) => (accounts = r.accounts) });
  await app.app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.app.server.address();
  if (typeof address !== 'object' || !address) throw new Error('server has no address');
  return {
    app,
    url: `http://127.0.0.1:${address.port}`,
    accounts,
    async close() {
      await app.app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The on-screen box of a locator, or null when it is not shown. */
async function boxOf(page: Page, testId: string): Promise<Box | null> {
  const loc = page.getByTestId(testId);
  return (await loc.count()) > 0 ? await loc.first().boundingBox() : null;
}

/**
 * Waits until the map is still and drawn (SwiftShader renders about a frame a second) with every
 * colour of `want` and at least `legend` of the four risk colours present outside the panel's DOM
 * overlays (the legend shows the four colours itself: only the canvas counts), then saves the
 * screenshot as `name`. Fails with the counts when they never appear.
 */
async function shootMap(page: Page, name: string, want: Record<string, readonly [number, number, number]>, legend: number, cover: string[] = []): Promise<Record<string, number>> {
  await page.locator('[data-testid="map-canvas"][data-idle="true"]').waitFor({ timeout: 60_000 });
  const panel = await page.getByTestId('map-panel').boundingBox();
  assert.ok(panel, 'map panel shown');
  const skips: Box[] = [];
  for (const id of ['map-legend', 'map-toolbar', 'map-status', 'map-crumbs', 'map-search', 'map-schematic', ...cover]) {
    const b = await boxOf(page, id);
    if (b) skips.push({ x: b.x - 2, y: b.y - 2, width: b.width + 4, height: b.height + 4 });
  }
  const all = { ...want, ...RISK };
  const enough = (c: Record<string, number>) =>
    c.distinct! > 40 && Object.keys(want).every((k) => c[k]! >= 12) && Object.keys(RISK).filter((k) => c[k]! >= 12).length >= legend;
  let counts: Record<string, number>;
  let png: Buffer;
  const deadline = Date.now() + 60_000;
  for (;;) {
    await page.waitForTimeout(1_500);
    png = await page.screenshot();
    const img = decodePng(png);
    counts = Object.fromEntries(Object.entries(all).map(([k, rgb]) => [k, countNear(img, rgb, 14, panel, skips)]));
    counts.distinct = distinctColours(img, panel);
    if (enough(counts) || Date.now() > deadline) break;
  }
  writeFileSync(path.join(SCREENSHOT_DIR, name), png);
  assert.ok(enough(counts), `${name}: map blank or colours missing (want ${Object.keys(want).join(', ') || 'none'} and ${legend} of 红黄蓝绿): ${JSON.stringify(counts)}`);
  return counts;
}

describe.skipIf(skip)(skipTitle('the console map in Chromium (demo province)', skip), () => {
  let server: DemoServer;
  let browser: Browser;
  let page: Page;
  let field: TestSocket | null = null;
  const errors: string[] = [];
  const offsite: string[] = [];

  const password = (username: string) => {
    const a = server.accounts.find((x) => x.username === username);
    if (!a) throw new Error(`no demo account ${username}`);
    return a.password;
  };

  /** A console page of the demo leader (the high court: the whole province), every request recorded. */
  async function openLeader(viewport = { width: 1800, height: 1000 }, query = ''): Promise<Page> {
    const p = await browser.newPage({ viewport });
    watchPage(p, errors, 'console');
    p.on('request', (r) => {
      const url = r.url();
      if (!url.startsWith(`${server.url}/`) && !url.startsWith('data:') && !url.startsWith('blob:')) offsite.push(url);
    });
    await signIn(p, `${server.url}/console${query}`, 'demo.leader', password('demo.leader'));
    await waitConnected(p);
    return p;
  }

  beforeAll(async () => {
    server = await startDemoServer(12_000);
    browser = await launchBrowser();
    page = await openLeader();
  });

  afterAll(async () => {
    field?.disconnect();
    await browser?.close();
    await server?.close();
  });

  test('the province view draws the schematic base map, clustered cases in 红黄蓝绿 and each intermediate court\'s counts', async () => {
    await page.getByTestId('centre-map').click();
    await page.locator('[data-testid="map-status"][data-state="ready"]').waitFor({ timeout: 60_000 });
    assert.match((await page.getByTestId('map-status').textContent()) ?? '', /案件 [\d,]+ 件/);
    assert.equal(await page.getByTestId('map-schematic').textContent(), '示意图');
    assert.equal(await page.getByTestId('map-crumb').count(), 1);
    await shootMap(page, 'map-province.png', {}, 4);
    // Labels come from the bundled font (no glyphs in the style, no glyph server asked).
    assert.equal(await page.evaluate(() => document.fonts.check('14px "Noto Sans SC"', '杭州市')), true);
    // The legend is the colour toggle: 红 off hides red cases on the GPU, the count stays.
    await page.getByTestId('legend-red').click();
    assert.equal(await page.getByTestId('legend-red').getAttribute('aria-pressed'), 'false');
    await page.getByTestId('legend-red').click();
    assert.deepEqual(errors, []);
  });

  test('clicking 杭州中院 drills down: the map fits its area, the panels narrow to its subtree, the heatmap shows', async () => {
    const teamsBefore = Number(await page.getByTestId('team-count').textContent());
    await page.locator('[data-testid="court-drill"]', { hasText: '杭州中院' }).click();
    await page.getByTestId('layer-heat').click();
    await page.getByTestId('heat-scale').waitFor();
    const crumbs = await page.getByTestId('map-crumb').allTextContents();
    assert.deepEqual(crumbs, ['浙江高院', '杭州中院']);
    const teamsAfter = Number(await page.getByTestId('team-count').textContent());
    assert.ok(teamsAfter > 0 && teamsAfter < teamsBefore, `teams ${teamsBefore} → ${teamsAfter}`);
    await shootMap(page, 'map-drill-heat.png', { heat: HEAT }, 3);
    assert.deepEqual(errors, []);
  });

  test('a case found by 案号 opens its drawer (parties, amount, stage, reasons, timeline) with one click to instruct its team', async () => {
    await page.getByTestId('map-search').fill('执');
    await page.getByTestId('search-case').first().waitFor({ timeout: 15_000 });
    await page.getByTestId('search-case').first().click();
    await page.getByTestId('drawer-case-number').waitFor({ timeout: 15_000 });
    assert.match((await page.getByTestId('drawer-case-number').textContent()) ?? '', /执/);
    const stage = (await page.getByTestId('drawer-stage').textContent()) ?? '';
    assert.ok(stage.length > 1);
    if (stage.includes('节点期限')) assert.match(stage, /个工作日/);
    assert.ok((await page.getByTestId('drawer-timeline').locator('li').count()) > 0);
    const instruct = page.getByTestId('drawer-instruct');
    if ((await instruct.count()) > 0) {
      await instruct.click();
      assert.match((await page.getByTestId('composer-target').textContent()) ?? '', /1/);
    }
    await shootMap(page, 'map-drawer.png', {}, 2, ['case-drawer']);
    await page.locator('.drawer-close').click();
    assert.deepEqual(errors, []);
  });

  test('a team\'s track replays over its span (TripsLayer) with a time slider and speed; an SOS flashes and one click centres it', async () => {
    // The demo field officer reports a drive of 30 fixes, 15 s and ~150 m apart, ending now.
    const token = await login({ app: server.app.app }, 'demo.field_officer', password('demo.field_officer'));
    let context: TerminalContext | null = null;
    field = await connectClient(server.url, { client: 'field', token }, { listen: (s) => s.on('terminal:context', (c) => (context = c)) });
    const team = (context as TerminalContext | null)?.teams[0];
    assert.ok(team, 'the demo field officer is in a team');
    const end = Date.now() - 1_000;
    for (let i = 0; i < 30; i++) {
      field.emit('team:position', { lng: 120.1 + i * 0.0015, lat: 30.25 + i * 0.0004, at: new Date(end - (29 - i) * 15_000).toISOString() });
      await new Promise((r) => setTimeout(r, 20));
    }
    await page.getByTestId('map-search').fill(team.name);
    const result = page.locator(`[data-testid="search-team"][data-team-id="${team.id}"]`);
    await result.waitFor({ timeout: 15_000 });
    await result.click();
    await page.getByTestId('team-card').waitFor();
    await page.getByTestId('team-replay').click();
    await page.locator('[data-testid="replay-bar"][data-state="ready"]').waitFor({ timeout: 15_000 });
    assert.match((await page.getByTestId('replay-teams').textContent()) ?? '', /1/);
    await page.getByTestId('replay-speed').selectOption('300');
    await page.getByTestId('replay-play').click(); // pause where it is
    const slider = page.getByTestId('replay-slider');
    await slider.fill(String(Number(await slider.getAttribute('max')))); // to the end: the whole trail
    await page.locator('.drawer-close').click();
    await shootMap(page, 'map-replay.png', { track: TRACK }, 1, ['replay-bar', 'team-card']);
    await page.getByTestId('replay-close').click();

    const sos = await field.timeout(5_000).emitWithAck('sos:raise', { clientKey: randomUUID(), text: '现场冲突', position: { lng: 120.14, lat: 30.26 } });
    assert.equal(sos.ok, true);
    await page.getByTestId('map-sos-centre').waitFor({ timeout: 10_000 });
    await page.getByTestId('map-sos-centre').click();
    // The SOS: a red ring pulsing where it was raised, labelled with the officer.
    await shootMap(page, 'map-sos.png', { sos: RISK.red }, 0, ['map-sos', 'team-card']);
    assert.deepEqual(errors, []);
    // The pulsing SOS redraws the map a few times a second: on SwiftShader that would starve the next pages.
    await page.close();
  });

  test('?view=map shows the map alone and ?view=wall the wall alone; the UI scale defaults by screen size; 1366×768 keeps the composer in reach', async () => {
    const mapOnly = await openLeader({ width: 1280, height: 800 }, '?view=map');
    await mapOnly.getByTestId('map-panel').waitFor();
    assert.equal(await mapOnly.getByTestId('video-wall').count(), 0);
    assert.equal(await mapOnly.getByTestId('dispatch-panel').count(), 0);
    await mapOnly.close();
    const wallOnly = await openLeader({ width: 1280, height: 800 }, '?view=wall');
    await wallOnly.getByTestId('video-wall').waitFor();
    assert.equal(await wallOnly.getByTestId('map-panel').count(), 0);
    await wallOnly.close();
    const big = await openLeader({ width: 3840, height: 2160 }, '?view=wall');
    assert.equal(await big.getByTestId('ui-scale').textContent(), '200%');
    await big.close();
    const small = await openLeader({ width: 1366, height: 768 });
    const composer = await small.getByTestId('composer').boundingBox();
    assert.ok(composer && composer.y < 768 - 40, `composer at y=${composer?.y}: below the fold`);
    await small.close();
    assert.deepEqual(errors, []);
  });

  test('a city court\'s operator sees its own court only: the crumbs start there and the map holds its cases alone', async () => {
    const p = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    watchPage(p, errors, 'operator');
    await signIn(p, `${server.url}/console?view=map`, 'demo.operator', password('demo.operator'));
    await waitConnected(p);
    await p.locator('[data-testid="map-status"][data-state="ready"]').waitFor({ timeout: 60_000 });
    assert.deepEqual(await p.getByTestId('map-crumb').allTextContents(), ['杭州中院']);
    const courts = (await (await p.request.get(`${server.url}/api/courts`)).json()) as { items: { id: string; shortName: string; total: { active: number } }[] };
    const own = courts.items.find((c) => c.shortName === '杭州中院');
    assert.equal(Number(await p.getByTestId('map-status').getAttribute('data-count')), own?.total.active, 'every active case of the branch, and only those');
    await p.close();
    assert.deepEqual(errors, []);
  });

  test('no page asked for anything but 127.0.0.1 (base map, fonts, worker and data are all local)', () => {
    assert.deepEqual(offsite, []);
  });
});
