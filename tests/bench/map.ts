// Benchmark `map`: the console map in Chromium with 100,000 cases and 10,000 units moving at 1 Hz.
// Builds the bench page (tests/bench/mapPage: the console map's own modules) with Vite, serves it
// with the demo base map's files and 100,000 cases in the map-cases binary (server/map's encoder)
// under the product's Content-Security-Policy, opens it in Debian's Chromium (WebGL on SwiftShader
// here) and prints one line:
// {"bench":"map","cases":…,"units":…,"update_p50_ms":…,"update_p99_ms":…,"frame_p50_ms":…,"load_ms":…,"case_bytes":…}
// update: main-thread time to apply one positions frame (goal p99 ≤ 4 ms); frame: the interval
// between animation frames (reported, not judged: software rendering); load: opening the page to
// the cases drawn; case_bytes: the size of the cases answer.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { build } from 'vite';
import { ROOT_DIR } from '../../config/load.ts';
import { CASE_STAGES, type CaseStage, type RiskColour } from '../../protocol/domain.ts';
import { flagBit } from '../../protocol/mapCases.ts';
import { zhejiangGeo } from '../../server/demo/index.ts';
import { demoGeoFiles } from '../../server/map/demoGeo.ts';
import { encodeMapCases, type MapCaseRow } from '../../server/map/encodeMapCases.ts';
import { CSP_DIRECTIVES } from '../../server/http/security.ts';
import { launchBrowser } from '../support/browser.ts';

const PAGE_DIR = path.join(ROOT_DIR, 'tests', 'bench', 'mapPage');
const OUT_DIR = path.join(ROOT_DIR, '.cache', 'bench', 'map-page');

/** The product's policy, with this server's host for sockets (none used here). */
function csp(): string {
  return Object.entries(CSP_DIRECTIVES)
    .map(([k, v]) => `${k} ${v.filter((x): x is string => typeof x === 'string').join(' ')}`)
    .join('; ');
}

/** `n` cases over the demo province's counties, weighted to their cities as real caseloads are; a seeded shuffle. */
function synthCases(n: number): MapCaseRow[] {
  const geo = zhejiangGeo();
  let seed = 20261122;
  const rnd = () => ((seed = (seed * 1_664_525 + 1_013_904_223) >>> 0) / 2 ** 32);
  const counties = geo.cities.flatMap((c) => c.counties.map((k) => ({ court: `c${k.code}`, ring: k.polygon })));
  const colours: [RiskColour, number][] = [['red', 0.01], ['yellow', 0.1], ['blue', 0.3], ['green', 1]];
  const stages = CASE_STAGES.filter((s): s is Exclude<CaseStage, 'closed'> => s !== 'closed');
  const rows: MapCaseRow[] = [];
  for (let i = 0; i < n; i++) {
    const county = counties[Math.floor(rnd() * counties.length)]!;
    // A vertex of the outline pulled towards the outline's first vertex: inside or near the county.
    const v = county.ring[Math.floor(rnd() * county.ring.length)]!;
    const c = county.ring[0]!;
    const f = rnd() * 0.8;
    const r = rnd();
    rows.push({
      id: randomUUID(),
      courtId: county.court,
      lng: v[0] + (c[0] - v[0]) * f,
      lat: v[1] + (c[1] - v[1]) * f,
      colour: colours.find(([, p]) => r < p)![0],
      stage: stages[Math.floor(rnd() * stages.length)]!,
      flags: rnd() < 0.3 ? flagBit('overdue') : 0,
    });
  }
  return rows;
}

export async function run(flags: Record<string, string | undefined>): Promise<void> {
  const cases = Number(flags['cases'] ?? 100_000);
  const units = Number(flags['units'] ?? 10_000);
  const seconds = Number(flags['seconds'] ?? 20);
  process.stderr.write('bench map: building the page…\n');
  await build({ root: PAGE_DIR, base: '/', logLevel: 'warn', publicDir: false, build: { outDir: OUT_DIR, emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 4096 } });
  const body = encodeMapCases(synthCases(cases), { at: new Date().toISOString(), today: new Date().toISOString().slice(0, 10) });
  const geo = demoGeoFiles();
  const policy = csp();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    res.setHeader('content-security-policy', policy);
    const send = (type: string, data: Buffer) => {
      res.writeHead(200, { 'content-type': type, 'content-length': data.length });
      res.end(data);
    };
    if (url.pathname === '/') return send('text/html; charset=utf-8', readFileSync(path.join(OUT_DIR, 'index.html')));
    if (url.pathname === '/api/map/cases') return send('application/octet-stream', body);
    const demo = /^\/api\/map\/demo\/([\w.-]+)$/.exec(url.pathname);
    if (demo) {
      const file = geo.get(demo[1]!);
      if (file) return send('application/geo+json', file.body);
    }
    const asset = /^\/assets\/([\w.-]+)$/.exec(url.pathname);
    if (asset) {
      const name = asset[1]!;
      const type = name.endsWith('.js') ? 'text/javascript' : name.endsWith('.css') ? 'text/css' : 'application/octet-stream';
      try {
        return send(type, readFileSync(path.join(OUT_DIR, 'assets', name)));
      } catch {
        // Not built: answered 404 below.
      }
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('bench server has no address');
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) problems.push(m.text());
      if (m.text().startsWith('bench:')) process.stderr.write(`bench map: page: ${m.text().slice(7)}\n`);
    });
    process.stderr.write(`bench map: ${cases} cases, ${units} units, ${seconds} s…\n`);
    await page.goto(`http://127.0.0.1:${address.port}/?units=${units}&seconds=${seconds}`);
    await page.waitForFunction(() => window.__bench !== undefined, undefined, { timeout: (seconds + 240) * 1000, polling: 500 });
    const result = await page.evaluate(() => window.__bench);
    if (!result || 'error' in result) throw new Error(`bench page failed: ${result?.error ?? 'no result'}`);
    if (problems.length > 0) process.stderr.write(`bench map: page reported: ${problems.join(' | ')}\n`);
    const { frames, ...figures } = result;
    process.stderr.write(`bench map: ${frames} animation frames\n`);
    console.log(JSON.stringify({ bench: 'map', ...figures }));
  } finally {
    await browser.close();
    server.close();
  }
}
