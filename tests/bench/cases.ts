// Benchmark `cases`: the case list queried by bbox and colour over the 50,000-case demo province,
// from N concurrent clients (default 16) against a real server process, for a fixed time.
// Prints {"bench":"cases","p50_ms":…,"p99_ms":…,"rps":…,…}.
import http from 'node:http';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadConfig, ROOT_DIR } from '../../config/load.ts';
import { loadRules } from '../../config/rules.ts';
import { RISK_COLOURS } from '../../protocol/domain.ts';
import { AuthService } from '../../server/auth/AuthService.ts';
import { WorkCalendar } from '../../server/calendar/WorkCalendar.ts';
import { stageDueOn } from '../../server/cases/stageDeadline.ts';
import { todayInShanghai } from '../../server/clock.ts';
import { seedDemoData } from '../../server/demo/generate.ts';
import { assessRisk } from '../../server/risk/assessRisk.ts';
import { Store } from '../../server/store/Store.ts';
import { benchLogin, percentile, startServerProcess } from './server.ts';

const BENCH_USER = 'bench.leader';
const BENCH_PASSWORD = 'bench-password-不要用于生产';

/** A seeded demo database, kept between runs under .cache/bench (seeding takes a while). */
async function prepareDatabase(cases: number, seed: number): Promise<string> {
  const dataDir = path.join(ROOT_DIR, '.cache', 'bench', `cases-${cases}-seed-${seed}`);
  const ready = path.join(dataDir, 'command-center.sqlite');
  mkdirSync(dataDir, { recursive: true });
  const store = await Store.open({ dataDir });
  try {
    const rules = loadRules();
    const calendar = new WorkCalendar(rules.calendar);
    const auth = new AuthService(store.db, { sessionHours: 8, maxFailedLogins: 1000, lockoutMinutes: 1, scryptCost: 1024 });
    const courts = await store.db.selectFrom('courts').select('id').execute();
    if (courts.length === 0 || !existsSync(ready)) {
      process.stderr.write(`bench cases: seeding ${cases} cases into ${dataDir}…\n`);
      await seedDemoData(store.db, {
        seed,
        cases,
        today: todayInShanghai(),
        hashPassword: (p) => auth.hashPassword(p),
        assess: (f) => assessRisk(f, rules.risk),
        stageDueOn: (stage, entered, filed, track) => stageDueOn(stage, entered, filed, track, calendar, rules.deadlines),
      });
    }
    const high = await store.db.selectFrom('courts').select('id').where('parent_id', 'is', null).executeTakeFirstOrThrow();
    const exists = await store.db.selectFrom('users').select('id').where('username', '=', BENCH_USER).executeTakeFirst();
    if (!exists) await auth.createUser({ username: BENCH_USER, displayName: '压测', courtId: high.id, role: 'leader', password: BENCH_PASSWORD });
  } finally {
    await store.close();
  }
  return dataDir;
}

export async function run(flags: Record<string, string | undefined>): Promise<void> {
  const clients = Number(flags['clients'] ?? 16);
  const seconds = Number(flags['seconds'] ?? 15);
  const cases = Number(flags['cases'] ?? loadConfig({}).demo.cases);
  const seed = Number(flags['seed'] ?? 20261122);
  // The list's default page (50); `--page-size 200` for a map fetching more points per view.
  const pageSize = Number(flags['page-size'] ?? 50);
  const dataDir = await prepareDatabase(cases, seed);
  const server = await startServerProcess(dataDir);
  try {
    const token = await benchLogin(server.url, BENCH_USER, BENCH_PASSWORD);
    const headers = { authorization: `Bearer ${token}` };

    // Map views over Zhejiang (118.0-123.0 E, 27.0-31.2 N): windows of 0.1°-1.5°, the zooms an operator uses.
    let rng = 0x9e3779b9;
    const random = () => {
      rng = (rng + 0x6d2b79f5) | 0;
      let t = Math.imul(rng ^ (rng >>> 15), 1 | rng);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const nextUrl = () => {
      const w = 0.1 + random() * 1.4;
      const lng = 118 + random() * (5 - w);
      const lat = 27 + random() * (4.2 - w);
      const colour = RISK_COLOURS[Math.floor(random() * RISK_COLOURS.length)];
      return `${server.url}/api/cases?bbox=${lng.toFixed(4)},${lat.toFixed(4)},${(lng + w).toFixed(4)},${(lat + w).toFixed(4)}&colour=${colour}&pageSize=${pageSize}`;
    };

    // Warm-up: the first queries pay for page cache and JIT.
    for (let i = 0; i < 50; i++) await (await fetch(nextUrl(), { headers })).arrayBuffer();

    // node:http with a keep-alive agent: fetch()'s own overhead on this 2-core machine would be
    // counted as server latency, since client and server share the CPUs.
    const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
    const get = (url: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = http.get(url, { agent, headers }, (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (d: string) => (body += d));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        });
        req.on('error', reject);
      });

    const latencies: number[] = [];
    let errors = 0;
    let rows = 0;
    const deadline = performance.now() + seconds * 1000;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: clients }, async () => {
        while (performance.now() < deadline) {
          const t0 = performance.now();
          const res = await get(nextUrl());
          latencies.push(performance.now() - t0);
          if (res.status !== 200) errors++;
          else rows += ((JSON.parse(res.body) as { items?: unknown[] }).items ?? []).length;
        }
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    agent.destroy();
    latencies.sort((a, b) => a - b);
    console.log(
      JSON.stringify({
        bench: 'cases',
        cases,
        clients,
        page_size: pageSize,
        seconds: Math.round(elapsed * 10) / 10,
        requests: latencies.length,
        errors,
        p50_ms: Math.round(percentile(latencies, 50) * 10) / 10,
        p99_ms: Math.round(percentile(latencies, 99) * 10) / 10,
        rps: Math.round(latencies.length / elapsed),
        rows_per_response: Math.round(rows / Math.max(1, latencies.length - errors)),
      }),
    );
  } finally {
    await server.stop();
  }
}
