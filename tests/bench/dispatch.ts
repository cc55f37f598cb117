// Benchmark `dispatch`: N authenticated field terminals (default 2,000) sending GPS at 1 Hz and 20
// consoles of the high court (which sees every team) against a real server process. Measures
//   position: console receipt − the fix's timestamp, for every team in every frame (batching included);
//   deliver:  a console issues an instruction every 50 ms to a random one of 50 probe teams spread
//             over the courts; terminal receipt − issue;
//   loop lag: the server's own event-loop lag (GET /api/health eventLoop, the worst 10-s window);
//   memory:   (server RSS with everyone connected − RSS before) / connections.
// Terminals run in child processes (dispatchTerminals.ts, about 1,250 each, at lower CPU priority so
// the server and the measuring clients come first on a small machine; the probe teams' terminals in
// one of their own at normal priority); the consoles run here.
// Prints {"bench":"dispatch","terminals":N,"deliver_p50_ms":…,"position_p99_ms":…,…}.
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { io, type Socket } from 'socket.io-client';
import { ROOT_DIR } from '../../config/load.ts';
import type { ClientToServerEvents, ServerToClientEvents } from '../../protocol/events.ts';
import { hashPassword } from '../../server/auth/password.ts';
import { buildCourts } from '../../server/demo/courts.ts';
import { Store } from '../../server/store/Store.ts';
import { INSTRUCTION_PREFIX, type FromTerminals, type TerminalSpec, type ToTerminals } from './dispatchTerminals.ts';
import { percentile, startServerProcess } from './server.ts';

const PASSWORD = 'bench-password-不要用于生产';
const TERMINALS_PER_PROCESS = 1_250;
const ISSUE_EVERY_MS = 50;
/** Teams that instructions go to, spread over the courts (every N/50-th team). */
const PROBE_TEAMS = 50;
/** At least one health window (10 s), so no window read while measuring saw the connections being made. */
const WARM_UP_SECONDS = 12;

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

interface BenchTeam {
  teamId: string;
  username: string;
  lng: number;
  lat: number;
}

/**
 * A database with `terminals` field officers, each the one member of its own team, spread over
 * the basic courts of the demo province, plus `consoles` dispatchers at the high court. Built
 * directly (one shared password hash) once into .cache/bench, and copied for every run: a run
 * leaves sessions, audit entries and unsigned instructions behind, and the next one must not start
 * by escalating them.
 */
async function prepareDatabase(terminals: number, consoles: number): Promise<{ dataDir: string; teams: BenchTeam[]; consoleUsers: string[] }> {
  const base = path.join(ROOT_DIR, '.cache', 'bench', `dispatch-${terminals}-${consoles}`);
  const template = path.join(base, 'template');
  const dataDir = path.join(base, 'run');
  const manifest = path.join(base, 'bench-teams.json');
  if (!existsSync(manifest)) {
    rmSync(template, { recursive: true, force: true });
    await buildDatabase(template, manifest, terminals, consoles);
  }
  const saved: unknown = JSON.parse(readFileSync(manifest, 'utf8'));
  if (!isManifest(saved)) throw new Error(`${manifest} is not a bench manifest: delete ${base}`);
  rmSync(dataDir, { recursive: true, force: true });
  cpSync(template, dataDir, { recursive: true });
  return { dataDir, ...saved };
}

async function buildDatabase(dataDir: string, manifest: string, terminals: number, consoles: number): Promise<void> {
  mkdirSync(dataDir, { recursive: true });
  const store = await Store.open({ dataDir });
  try {
    process.stderr.write(`bench dispatch: building ${terminals} teams and officers into ${dataDir}…\n`);
    const courts = buildCourts();
    const basics = courts.filter((c) => c.level === 'basic');
    const high = courts.find((c) => c.level === 'high');
    if (!high || basics.length === 0) throw new Error('demo courts incomplete');
    const hash = await hashPassword(PASSWORD, 1024);
    const createdAt = new Date().toISOString();
    await store.db.transaction().execute(async (trx) => {
      for (const c of courts) {
        await trx
          .insertInto('courts')
          .values({ id: c.id, name: c.name, short_name: c.shortName, level: c.level, parent_id: c.parentId, case_code: c.caseCode, division_code: c.divisionCode, lng: c.lng, lat: c.lat })
          .execute();
      }
    });
    const teams: BenchTeam[] = [];
    const users: { id: string; username: string; court: string; role: 'field_officer' | 'dispatcher' }[] = [];
    const teamRows: { id: string; court_id: string; name: string }[] = [];
    const members: { team_id: string; user_id: string; name: string }[] = [];
    for (let i = 0; i < terminals; i++) {
      const court = basics[i % basics.length] as (typeof basics)[number];
      const teamId = randomUUID();
      const userId = randomUUID();
      const username = `bench.t${i}`;
      users.push({ id: userId, username, court: court.id, role: 'field_officer' });
      teamRows.push({ id: teamId, court_id: court.id, name: `压测${i}组` });
      members.push({ team_id: teamId, user_id: userId, name: username });
      teams.push({ teamId, username, lng: court.lng + (Math.random() - 0.5) * 0.05, lat: court.lat + (Math.random() - 0.5) * 0.05 });
    }
    const consoleUsers = Array.from({ length: consoles }, (_, i) => `bench.c${i}`);
    for (const username of consoleUsers) users.push({ id: randomUUID(), username, court: high.id, role: 'dispatcher' });
    const BATCH = 500;
    await store.db.transaction().execute(async (trx) => {
      for (let i = 0; i < users.length; i += BATCH) {
        await trx
          .insertInto('users')
          .values(
            users.slice(i, i + BATCH).map((u) => ({
              id: u.id,
              username: u.username,
              display_name: u.username,
              court_id: u.court,
              role: u.role,
              password_hash: hash,
              locked_until: null,
              created_at: createdAt,
            })),
          )
          .execute();
      }
      for (let i = 0; i < teamRows.length; i += BATCH) {
        await trx
          .insertInto('teams')
          .values(teamRows.slice(i, i + BATCH).map((t) => ({ ...t, leader_user_id: null, vehicle: null, status: 'idle' as const, last_lng: null, last_lat: null, last_position_at: null })))
          .execute();
      }
      for (let i = 0; i < members.length; i += BATCH) {
        await trx
          .insertInto('team_members')
          .values(members.slice(i, i + BATCH).map((m) => ({ ...m, duty: 'police' })))
          .execute();
      }
    });
    writeFileSync(manifest, JSON.stringify({ teams, consoleUsers }));
  } finally {
    await store.close();
  }
}

function isManifest(v: unknown): v is { teams: BenchTeam[]; consoleUsers: string[] } {
  return typeof v === 'object' && v !== null && Array.isArray((v as { teams?: unknown }).teams) && Array.isArray((v as { consoleUsers?: unknown }).consoleUsers);
}

function isFromTerminals(m: unknown): m is FromTerminals {
  return typeof m === 'object' && m !== null && 'type' in m && ['connected', 'report', 'stopped'].includes(String((m as { type: unknown }).type));
}

/** Latencies in 0.1 ms buckets up to 10 s: millions of samples in constant memory. */
class Histogram {
  readonly #buckets = new Uint32Array(100_001);
  count = 0;
  add(ms: number): void {
    this.#buckets[Math.min(100_000, Math.max(0, Math.round(ms * 10)))]!++;
    this.count++;
  }
  percentile(p: number): number | null {
    if (this.count === 0) return null;
    const rank = Math.ceil((p / 100) * this.count);
    let seen = 0;
    for (let i = 0; i < this.#buckets.length; i++) {
      seen += this.#buckets[i] ?? 0;
      if (seen >= rank) return i / 10;
    }
    return 100_000 / 10;
  }
}

/** CPU seconds (user + system) a process has used so far. */
function cpuSeconds(pid: number): number {
  // /proc/<pid>/stat: fields after the command name; utime and stime are the 12th and 13th, in clock ticks (100 a second).
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** CPU seconds the whole machine has been busy (all cores), from /proc/stat. */
function machineBusySeconds(): number {
  const [, ...ticks] = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/);
  // user nice system idle iowait irq softirq steal; guest time is already inside user and nice.
  const n = ticks.slice(0, 8).map(Number);
  const total = n.reduce((a, b) => a + b, 0);
  // idle and iowait are the 4th and 5th columns.
  return (total - (n[3] ?? 0) - (n[4] ?? 0)) / 100;
}

function rssKb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m?.[1]) throw new Error(`no VmRSS for ${pid}`);
  return Number(m[1]);
}


export async function run(flags: Record<string, string | undefined>): Promise<void> {
  const terminals = Number(flags['terminals'] ?? 2_000);
  const consoles = Number(flags['consoles'] ?? 20);
  const seconds = Number(flags['seconds'] ?? 30);
  if (!Number.isInteger(terminals) || terminals < 1 || !Number.isInteger(consoles) || consoles < 1 || !(seconds > 0)) {
    throw new TypeError('--terminals and --consoles must be positive integers, --seconds positive');
  }
  // Other work on a small machine shows up as latency: the line says how busy it was to begin with.
  const loadBefore = Math.round((os.loadavg()[0] ?? 0) * 100) / 100;
  const { dataDir, teams, consoleUsers } = await prepareDatabase(terminals, consoles);
  const server = await startServerProcess(dataDir, { SCRYPT_COST: '1024' });
  const children: ChildProcess[] = [];
  const consoleSockets: ClientSocket[] = [];
  try {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
    const loginAs = (username: string) =>
      new Promise<string>((resolve, reject) => {
        const body = JSON.stringify({ username, password: PASSWORD });
        const req = http.request(
          `${server.url}/api/auth/login`,
          { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
          (res) => {
            let text = '';
            res.setEncoding('utf8');
            res.on('data', (d: string) => (text += d));
            res.on('end', () => {
              if (res.statusCode !== 200) return reject(new Error(`login ${username}: ${res.statusCode} ${text}`));
              const parsed: unknown = JSON.parse(text);
              const token = typeof parsed === 'object' && parsed !== null && 'token' in parsed ? parsed.token : undefined;
              if (typeof token !== 'string') return reject(new Error(`login ${username}: no token`));
              resolve(token);
            });
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    const getJson = (url: string) =>
      new Promise<unknown>((resolve, reject) => {
        http
          .get(url, { agent }, (res) => {
            let text = '';
            res.setEncoding('utf8');
            res.on('data', (d: string) => (text += d));
            res.on('end', () => resolve(JSON.parse(text)));
          })
          .on('error', reject);
      });
    const loopLag = async () => {
      const health = await getJson(`${server.url}/api/health`);
      const lag = typeof health === 'object' && health !== null && 'eventLoop' in health ? health.eventLoop : undefined;
      if (typeof lag !== 'object' || lag === null || !('p99Ms' in lag) || typeof lag.p99Ms !== 'number') throw new Error('health has no eventLoop.p99Ms');
      return { p99Ms: lag.p99Ms, maxMs: 'maxMs' in lag && typeof lag.maxMs === 'number' ? lag.maxMs : lag.p99Ms };
    };

    // Sign everyone in, 8 at a time (the logins are part of the set-up, not of the figures).
    process.stderr.write(`bench dispatch: signing in ${terminals} terminals and ${consoles} consoles…\n`);
    const everyone = [...teams.map((t) => t.username), ...consoleUsers];
    const tokens = new Map<string, string>();
    let nextLogin = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (nextLogin < everyone.length) {
          const username = everyone[nextLogin++] as string;
          tokens.set(username, await loginAs(username));
        }
      }),
    );
    await delay(1_000);
    const rssBefore = rssKb(server.pid);

    // Terminals, in child processes. The probe teams (those instructions go to) get a process of
    // their own at normal priority, so the receipt stamps are not late for want of CPU; the bulk,
    // which only makes load, runs at lower priority behind the server and the measuring consoles.
    process.stderr.write(`bench dispatch: connecting ${terminals} terminals…\n`);
    const probeEvery = Math.max(1, Math.floor(teams.length / PROBE_TEAMS));
    const probes = teams.filter((_, i) => i % probeEvery === 0);
    const bulk = teams.filter((_, i) => i % probeEvery !== 0);
    const procs = Math.ceil(bulk.length / TERMINALS_PER_PROCESS);
    const groups = [probes, ...Array.from({ length: procs }, (_, p) => bulk.filter((_, i) => i % procs === p))].filter((g) => g.length > 0);
    const deliveries: [number, number][] = [];
    let sent = 0;
    let terminalErrors = 0;
    const pendingReports = new Map<ChildProcess, (m: FromTerminals & { type: 'report' }) => void>();
    const connected = await Promise.all(
      groups.map((group, g) => {
        const child = fork(path.join(ROOT_DIR, 'tests', 'bench', 'dispatchTerminals.ts'), [], { execArgv: ['--disable-warning=ExperimentalWarning'] });
        children.push(child);
        if (g > 0 && child.pid !== undefined) os.setPriority(child.pid, 10);
        const specs: TerminalSpec[] = group.map((t) => ({ token: tokens.get(t.username) ?? '', teamId: t.teamId, lng: t.lng, lat: t.lat }));
        return new Promise<FromTerminals & { type: 'connected' }>((resolve, reject) => {
          child.on('message', (m: unknown) => {
            if (!isFromTerminals(m)) return;
            if (m.type === 'connected') resolve(m);
            else if (m.type === 'report') {
              pendingReports.get(child)?.(m);
              pendingReports.delete(child);
            }
          });
          child.once('exit', (code) => reject(new Error(`terminal process exited ${code}`)));
          child.send({ type: 'init', url: server.url, terminals: specs } satisfies ToTerminals);
        });
      }),
    );
    const connectedCount = connected.reduce((n, c) => n + c.connected, 0);
    const failed = connected.reduce((n, c) => n + c.failed, 0);
    if (failed > 0) process.stderr.write(`bench dispatch: ${failed} terminals failed to connect (${connected.find((c) => c.firstError)?.firstError})\n`);

    // Consoles, here: they take the position samples.
    const positions = new Histogram();
    let frames = 0;
    let measuring = false;
    for (const username of consoleUsers) {
      const socket: ClientSocket = io(server.url, { auth: { client: 'console', token: tokens.get(username) ?? '' }, transports: ['websocket'], reconnection: false });
      socket.on('positions', (frame) => {
        if (!measuring || frame.full) return;
        const now = Date.now();
        frames++;
        for (const fixedAt of frame.fixedAt) positions.add(now - fixedAt);
      });
      await new Promise<void>((resolve, reject) => {
        socket.once('session:ready', () => resolve());
        socket.once('connect_error', reject);
      });
      consoleSockets.push(socket);
    }

    const askReports = () =>
      Promise.all(
        children.map(
          (child) =>
            new Promise<void>((resolve) => {
              pendingReports.set(child, (m) => {
                sent += m.sent;
                terminalErrors += m.errors;
                for (const d of m.deliveries) deliveries.push(d);
                resolve();
              });
              child.send({ type: 'report' } satisfies ToTerminals);
            }),
        ),
      );

    // Positions start; instructions start; after the warm-up the figures count.
    for (const child of children) child.send({ type: 'start' } satisfies ToTerminals);
    const issuedAt = new Map<number, number>();
    let seq = 0;
    let issueFailures = 0;
    let firstIssueError: string | null = null;
    let issuing = !process.env.BENCH_NO_ISSUE;
    const issuer = (async () => {
      let next = performance.now();
      while (issuing) {
        next += ISSUE_EVERY_MS;
        const team = probes[Math.floor(Math.random() * probes.length)] as BenchTeam;
        const socket = consoleSockets[seq % consoleSockets.length] as ClientSocket;
        const n = ++seq;
        issuedAt.set(n, Date.now());
        socket
          .timeout(10_000)
          .emitWithAck('instruction:issue', { clientKey: randomUUID(), teamIds: [team.teamId], text: `${INSTRUCTION_PREFIX}${n}`, priority: 'normal' })
          .then((res) => {
            if (!res.ok) {
              issueFailures++;
              firstIssueError ??= `${res.code}: ${res.message}`;
            }
          })
          .catch((err: unknown) => {
            issueFailures++;
            firstIssueError ??= err instanceof Error ? err.message : String(err);
          });
        await delay(Math.max(0, next - performance.now()));
      }
    })();

    await delay(WARM_UP_SECONDS * 1000);
    const rssAfter = rssKb(server.pid);
    await askReports();
    sent = 0;
    terminalErrors = 0;
    deliveries.length = 0;
    const firstMeasuredSeq = seq + 1;
    measuring = true;
    const started = performance.now();
    const cpuAtStart = cpuSeconds(server.pid);
    const clientPids = [process.pid, ...children.map((c) => c.pid ?? 0).filter((pid) => pid > 0)];
    const clientCpuAtStart = clientPids.reduce((sum, pid) => sum + cpuSeconds(pid), 0);
    const machineAtStart = machineBusySeconds();
    // Health reports the last complete 10-s window: read it once per window while measuring.
    const lags: { p99Ms: number; maxMs: number }[] = [];
    const windows = Math.max(1, Math.floor(seconds / 10));
    for (let w = 0; w < windows; w++) {
      await delay((seconds * 1000) / windows);
      lags.push(await loopLag());
    }
    measuring = false;
    const elapsed = (performance.now() - started) / 1000;
    const serverCpu = (cpuSeconds(server.pid) - cpuAtStart) / elapsed;
    const clientCpu = (clientPids.reduce((sum, pid) => sum + cpuSeconds(pid), 0) - clientCpuAtStart) / elapsed;
    const machineCpu = (machineBusySeconds() - machineAtStart) / elapsed;
    await askReports();
    const measuredSent = sent;
    // Instructions issued in the last moments are still on their way.
    issuing = false;
    await issuer;
    await delay(500);
    await askReports();

    const deliver = new Histogram();
    for (const [n, at] of deliveries) {
      const issued = issuedAt.get(n);
      if (issued !== undefined && n >= firstMeasuredSeq) deliver.add(at - issued);
    }
    const round = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);
    console.log(
      JSON.stringify({
        bench: 'dispatch',
        terminals,
        consoles,
        seconds: Math.round(elapsed),
        deliver_p50_ms: round(deliver.percentile(50)),
        deliver_p99_ms: round(deliver.percentile(99)),
        position_p50_ms: round(positions.percentile(50)),
        position_p99_ms: round(positions.percentile(99)),
        loop_lag_p99_ms: round(Math.max(...lags.map((l) => l.p99Ms))),
        rss_per_conn_kb: Math.round((rssAfter - rssBefore) / (connectedCount + consoles)),
        connected: connectedCount,
        positions_per_s: Math.round(measuredSent / elapsed),
        frames_per_console_s: Math.round((frames / consoles / elapsed) * 10) / 10,
        position_samples: positions.count,
        instructions: deliver.count,
        issue_failures: issueFailures,
        ...(firstIssueError ? { issue_error: firstIssueError } : {}),
        terminal_errors: terminalErrors,
        loop_lag_max_ms: round(Math.max(...lags.map((l) => l.maxMs))),
        // Percent of one core: the server is one event loop; the clients share the machine's other core.
        server_cpu_pct: Math.round(serverCpu * 100),
        clients_cpu_pct: Math.round(clientCpu * 100),
        // Everything else the machine ran meanwhile (other work on a shared box, the kernel): high values mean noisy figures.
        other_cpu_pct: Math.max(0, Math.round((machineCpu - serverCpu - clientCpu) * 100)),
        load_avg_before: loadBefore,
        rss_before_mb: Math.round(rssBefore / 1024),
        rss_after_mb: Math.round(rssAfter / 1024),
      }),
    );
    agent.destroy();
  } finally {
    for (const s of consoleSockets) s.close();
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || !child.connected) return resolve();
            child.once('exit', () => resolve());
            child.send({ type: 'stop' } satisfies ToTerminals);
            setTimeout(() => child.kill(), 5_000).unref();
          }),
      ),
    );
    await server.stop();
  }
}
