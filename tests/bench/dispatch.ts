// Benchmark `dispatch`: N authenticated field terminals (default 2,000) sending GPS at 1 Hz and 20
// consoles of the high court (which sees every team) against a real server process. Measures
//   position: console receipt − the fix's timestamp, for every team in every frame (batching included);
//   deliver:  a console issues an instruction every 50 ms to a random one of 50 probe teams spread
//             over the courts; terminal receipt − issue;
//   loop lag: the server's own event-loop lag (GET /api/health eventLoop, the worst 10-s window);
//   memory:   (server RSS with everyone connected − RSS before) / connections.
// Terminals run in child processes (dispatchTerminals.ts, about 2,500 each or `--procs`, at lower CPU
// priority so the server and the measuring clients come first on a small machine; the probe teams'
// terminals in one of their own at normal priority), each from its own loopback address (127.0.0.2,
// .3, …) so no source address runs out of ephemeral ports; the consoles run here. Every process's
// open-file limit is raised as far as the kernel allows. Failures (logins, connections, disconnects,
// receipts, lost processes) are counted in the line, never thrown: a benchmark prints figures.
// Prints {"bench":"dispatch","terminals":N,"deliver_p50_ms":…,"position_p99_ms":…,"connect_failures":…,…}.
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { BenchConsoles } from './BenchConsoles.ts';
import { BenchHttp, type LoopLag } from './BenchHttp.ts';
import { PASSWORD, prepareDatabase, type BenchTeam } from './dispatchDatabase.ts';
import { progress } from './benchOutput.ts';
import { cpuSeconds, ifRunning, loadAverage, machineBusySeconds, rssKb } from './procStats.ts';
import { startServerProcess } from './server.ts';
import { FAILURE_KINDS, type TerminalFailures } from './terminalProtocol.ts';
import { TerminalFleet, type TerminalGroup } from './TerminalFleet.ts';

const note = progress('dispatch');

const TERMINALS_PER_PROCESS = 2_500;
const ISSUE_EVERY_MS = 50;
/** Teams that instructions go to, spread over the courts (every N/50-th team). */
const PROBE_TEAMS = 50;
/** At least one health window (10 s), so no window read while measuring saw the connections being made. */
const WARM_UP_SECONDS = 12;
/** Descriptors the server needs besides its sockets: database, log, mediasoup pipes, module files. */
const SERVER_NOFILE_SPARE = 1_024;
/** The server closes idle keep-alive connections after 72 s (Fastify's default); a health call this often keeps one. */
const KEEP_ALIVE_MS = 5_000;

/** The line's key for each kind of terminal failure. */
const FAILURE_KEYS = {
  connectFailures: 'connect_failures',
  connectTimeouts: 'connect_timeouts',
  disconnects: 'disconnects',
  emitFailures: 'emit_failures',
  serverErrors: 'server_errors',
  exceptions: 'client_exceptions',
} as const satisfies Record<keyof TerminalFailures, string>;

/** Runs the benchmark with `--terminals`, `--consoles`, `--seconds` and `--procs`, and prints its one JSON line. */
export async function run(flags: Record<string, string | undefined>): Promise<void> {
  const terminals = Number(flags['terminals'] ?? 2_000);
  const consoles = Number(flags['consoles'] ?? 20);
  const seconds = Number(flags['seconds'] ?? 30);
  const procs = flags['procs'] === undefined ? null : Number(flags['procs']);
  if (!Number.isInteger(terminals) || terminals < 1 || !Number.isInteger(consoles) || consoles < 1 || !(seconds > 0) || (procs !== null && !(Number.isInteger(procs) && procs >= 1))) {
    throw new TypeError('--terminals, --consoles and --procs must be positive integers, --seconds positive');
  }
  // Other work on a small machine shows up as latency: the line says how busy it was to begin with.
  const loadBefore = loadAverage();
  const { dataDir, teams, consoleUsers } = await prepareDatabase(terminals, consoles);
  // The bench's dispatchers sit at the high court and instruct every court's teams: a deployment that allows it.
  const server = await startServerProcess(dataDir, { SCRYPT_COST: '1024', UPPER_COURTS_MAY_INSTRUCT: 'true' }, terminals + consoles + SERVER_NOFILE_SPARE);
  if (server.nofile < terminals + consoles + 100) {
    note(`服务器进程打开文件上限 ${server.nofile}，容不下 ${terminals + consoles} 个连接，多出的会连接失败 / the server's open-file limit of ${server.nofile} cannot hold ${terminals} + ${consoles} connections: the excess will fail to connect`);
  }
  const fleet = new TerminalFleet();
  const desk = new BenchConsoles();
  const http = new BenchHttp(server.url);
  let keepAlive: NodeJS.Timeout | undefined;
  try {
    // Sign everyone in, 8 at a time (the logins are part of the set-up, not of the figures).
    const total = terminals + consoles;
    note(`正在登录 ${terminals} 个终端和 ${consoles} 个控制台… / signing in ${terminals} terminals and ${consoles} consoles…`);
    const signIns = await http.signIn([...teams.map((t) => t.username), ...consoleUsers], PASSWORD, 8, (done, failed) =>
      note(`已登录 ${done}/${total}（失败 ${failed}）/ signed in ${done}/${total} (${failed} failed)`),
    );
    if (signIns.failures > 0) note(`登录失败 ${signIns.failures} 个 / ${signIns.failures} logins failed: ${signIns.firstError}`);
    // Health shows its figures to a session only: the first console's.
    const healthToken = consoleUsers.map((username) => signIns.tokens.get(username)).find((t) => t !== undefined) ?? '';
    keepAlive = setInterval(() => {
      // Only keeps a connection open for the health reads: failures there are counted when measuring.
      http.loopLag(healthToken).catch(() => undefined);
    }, KEEP_ALIVE_MS);
    await delay(1_000);
    const rssBefore = ifRunning(() => rssKb(server.pid));

    // Consoles first: they take the measurements, so they are not the ones a full server turns away.
    await desk.connect(server.url, consoleUsers.flatMap((username) => signIns.tokens.get(username) ?? []));

    // Terminals, in child processes. The probe teams (those instructions go to) get a process of
    // their own at normal priority, so the receipt stamps are not late for want of CPU; the bulk,
    // which only makes load, runs at lower priority behind the server and the measuring consoles.
    const signedIn = teams.filter((t) => signIns.tokens.has(t.username));
    note(`正在连接 ${signedIn.length} 个终端… / connecting ${signedIn.length} terminals…`);
    const probeEvery = Math.max(1, Math.floor(teams.length / PROBE_TEAMS));
    const probes = teams.filter((_, i) => i % probeEvery === 0);
    const groups = terminalGroups(signedIn, new Set(probes), procs, signIns.tokens);
    let lastNote = 0;
    const connected = await fleet.connect(server.url, groups, (done, failed) => {
      if (performance.now() - lastNote < 2_000) return;
      lastNote = performance.now();
      note(`终端已连接 ${done}/${signedIn.length}（失败 ${failed}）/ terminals connected ${done}/${signedIn.length} (${failed} failed)`);
    });
    note(`已连接终端 ${connected.connected} 个（失败 ${connected.failed}），控制台 ${desk.live} 个 / connected ${connected.connected} terminals (${connected.failed} failed), ${desk.live} consoles`);

    // Positions start; instructions start; after the warm-up the figures count.
    fleet.start();
    if (!process.env.BENCH_NO_ISSUE) desk.startIssuing(probes, ISSUE_EVERY_MS);

    await delay(WARM_UP_SECONDS * 1000);
    const rssAfter = ifRunning(() => rssKb(server.pid));
    await fleet.report();
    fleet.reset();
    const firstMeasuredSeq = desk.seq + 1;
    desk.measuring = true;
    const started = performance.now();
    const cpuAtStart = ifRunning(() => cpuSeconds(server.pid));
    const clientPids = [process.pid, ...fleet.pids()];
    const clientCpuAtStart = cpuOf(clientPids);
    const machineAtStart = machineBusySeconds();
    // Health reports the last complete 10-s window: read it once per window while measuring.
    const lags: LoopLag[] = [];
    let healthFailures = 0;
    const windows = Math.max(1, Math.floor(seconds / 10));
    for (let w = 0; w < windows; w++) {
      await delay((seconds * 1000) / windows);
      try {
        lags.push(await http.loopLag(healthToken));
      } catch (err) {
        healthFailures++;
        note(`健康检查失败 / health read failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    desk.measuring = false;
    const elapsed = (performance.now() - started) / 1000;
    const cpuAtEnd = ifRunning(() => cpuSeconds(server.pid));
    const serverCpu = cpuAtStart === null || cpuAtEnd === null ? null : (cpuAtEnd - cpuAtStart) / elapsed;
    const clientCpu = (cpuOf(clientPids) - clientCpuAtStart) / elapsed;
    const machineCpu = (machineBusySeconds() - machineAtStart) / elapsed;
    await fleet.report();
    const measuredSent = fleet.sent;
    const terminalsLive = fleet.live;
    // Instructions issued in the last moments are still on their way.
    await desk.stopIssuing();
    await delay(500);
    await fleet.report();

    const deliver = desk.deliverLatencies(fleet.deliveries, firstMeasuredSeq);
    const positions = desk.positions;
    const failures = fleet.failures;
    const reasons = fleet.disconnectReasons;
    const round = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);
    const pct = (v: number | null) => (v === null ? null : Math.round(v * 100));
    const consolesIn = consoles - desk.connectFailures;
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
        loop_lag_p99_ms: lags.length > 0 ? round(Math.max(...lags.map((l) => l.p99Ms))) : null,
        rss_per_conn_kb: rssBefore === null || rssAfter === null ? null : Math.round((rssAfter - rssBefore) / Math.max(1, connected.connected + consolesIn)),
        connected: connected.connected,
        terminals_connected: terminalsLive,
        positions_per_s: Math.round(measuredSent / elapsed),
        frames_per_console_s: Math.round((desk.frames / Math.max(1, consolesIn) / elapsed) * 10) / 10,
        position_samples: positions.count,
        instructions: deliver.count,
        issue_failures: desk.issueFailures,
        ...(desk.firstIssueError ? { issue_error: desk.firstIssueError } : {}),
        terminal_errors: fleet.errors,
        login_failures: signIns.failures,
        ...Object.fromEntries(FAILURE_KINDS.map((kind) => [FAILURE_KEYS[kind], failures[kind]])),
        ...(Object.keys(reasons).length > 0 ? { disconnect_reasons: reasons } : {}),
        lost_procs: fleet.lostProcesses,
        late_reports: fleet.lateReports,
        console_failures: desk.connectFailures,
        console_disconnects: desk.disconnects,
        health_failures: healthFailures,
        ...firstErrors(signIns.firstError, fleet.firstErrors, desk.firstConnectError),
        loop_lag_max_ms: lags.length > 0 ? round(Math.max(...lags.map((l) => l.maxMs))) : null,
        // Percent of one core: the server is one event loop; the clients share the machine's other core.
        server_cpu_pct: pct(serverCpu),
        clients_cpu_pct: pct(clientCpu),
        // Everything else the machine ran meanwhile (other work on a shared box, the kernel): high values mean noisy figures.
        other_cpu_pct: Math.max(0, Math.round((machineCpu - (serverCpu ?? 0) - clientCpu) * 100)),
        load_avg_before: loadBefore,
        load_avg_after: loadAverage(),
        rss_before_mb: rssBefore === null ? null : Math.round(rssBefore / 1024),
        rss_after_mb: rssAfter === null ? null : Math.round(rssAfter / 1024),
        nofile: server.nofile,
        nofile_clients: fleet.nofile(),
        terminal_procs: groups.length,
        ...(server.exitCode !== null ? { server_exit: server.exitCode } : {}),
      }),
    );
    if (server.exitCode !== null) note(`服务器进程已退出 / the server exited (${server.exitCode}):\n${server.lastOutput}`);
  } finally {
    clearInterval(keepAlive);
    http.close();
    desk.close();
    await fleet.stop();
    await server.stop();
  }
}

/**
 * The terminal processes: the probe teams in one of their own (normal priority), the rest dealt
 * round-robin over `procs` processes (default: one per 2,500), each with its own source address.
 */
function terminalGroups(teams: readonly BenchTeam[], probes: ReadonlySet<BenchTeam>, procs: number | null, tokens: ReadonlyMap<string, string>): TerminalGroup[] {
  const bulk = teams.filter((t) => !probes.has(t));
  const count = procs ?? Math.ceil(bulk.length / TERMINALS_PER_PROCESS);
  const members = [teams.filter((t) => probes.has(t)), ...Array.from({ length: count }, (_, p) => bulk.filter((_, i) => i % count === p))];
  return members
    .filter((g) => g.length > 0)
    .map((g, i) => ({
      specs: g.map((t) => ({ token: tokens.get(t.username) ?? '', teamId: t.teamId, lng: t.lng, lat: t.lat })),
      // 127.0.0.0/8 is all loopback on Linux: .2, .3, … reach the server on 127.0.0.1 with ports of their own.
      localAddress: `127.0.0.${2 + (i % 253)}`,
      background: i > 0,
    }));
}

/** `first_errors`: the first reason of each kind of failure that happened, under the key that counts it. */
function firstErrors(login: string | null, terminal: Partial<Record<keyof TerminalFailures, string>>, consoleError: string | null): { first_errors?: Record<string, string> } {
  const first: Record<string, string> = {
    ...(login ? { login_failures: login } : {}),
    ...Object.fromEntries(FAILURE_KINDS.flatMap((kind) => (terminal[kind] ? [[FAILURE_KEYS[kind], terminal[kind]]] : []))),
    ...(consoleError ? { console_failures: consoleError } : {}),
  };
  return Object.keys(first).length > 0 ? { first_errors: first } : {};
}

/** CPU seconds used so far by the processes still there (one that has exited counts no more). */
function cpuOf(pids: readonly number[]): number {
  return pids.reduce((sum, pid) => sum + (ifRunning(() => cpuSeconds(pid)) ?? 0), 0);
}


