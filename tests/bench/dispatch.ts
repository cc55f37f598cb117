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
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { BenchConsoles } from './BenchConsoles.ts';
import { BenchHttp, type LoopLag } from './BenchHttp.ts';
import { PASSWORD, prepareDatabase } from './dispatchDatabase.ts';
import { cpuSeconds, machineBusySeconds, rssKb } from './procStats.ts';
import { startServerProcess } from './server.ts';
import { TerminalFleet } from './TerminalFleet.ts';

const TERMINALS_PER_PROCESS = 1_250;
const ISSUE_EVERY_MS = 50;
/** Teams that instructions go to, spread over the courts (every N/50-th team). */
const PROBE_TEAMS = 50;
/** At least one health window (10 s), so no window read while measuring saw the connections being made. */
const WARM_UP_SECONDS = 12;

/** Runs the benchmark with `--terminals`, `--consoles` and `--seconds`, and prints its one JSON line. */
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
  const fleet = new TerminalFleet();
  const desk = new BenchConsoles();
  try {
    const http = new BenchHttp(server.url);

    // Sign everyone in, 8 at a time (the logins are part of the set-up, not of the figures).
    process.stderr.write(`bench dispatch: signing in ${terminals} terminals and ${consoles} consoles…\n`);
    const tokens = await http.signIn([...teams.map((t) => t.username), ...consoleUsers], PASSWORD, 8);
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
    const connected = await fleet.connect(
      server.url,
      groups.map((group) => group.map((t) => ({ token: tokens.get(t.username) ?? '', teamId: t.teamId, lng: t.lng, lat: t.lat }))),
    );
    const connectedCount = connected.reduce((n, c) => n + c.connected, 0);
    const failed = connected.reduce((n, c) => n + c.failed, 0);
    if (failed > 0) process.stderr.write(`bench dispatch: ${failed} terminals failed to connect (${connected.find((c) => c.firstError)?.firstError})\n`);

    // Consoles, here: they take the position samples.
    await desk.connect(server.url, consoleUsers.map((username) => tokens.get(username) ?? ''));

    // Positions start; instructions start; after the warm-up the figures count.
    fleet.start();
    if (!process.env.BENCH_NO_ISSUE) desk.startIssuing(probes, ISSUE_EVERY_MS);

    await delay(WARM_UP_SECONDS * 1000);
    const rssAfter = rssKb(server.pid);
    await fleet.report();
    fleet.reset();
    const firstMeasuredSeq = desk.seq + 1;
    desk.measuring = true;
    const started = performance.now();
    const cpuAtStart = cpuSeconds(server.pid);
    const clientPids = [process.pid, ...fleet.pids()];
    const clientCpuAtStart = clientPids.reduce((sum, pid) => sum + cpuSeconds(pid), 0);
    const machineAtStart = machineBusySeconds();
    // Health reports the last complete 10-s window: read it once per window while measuring.
    const lags: LoopLag[] = [];
    const windows = Math.max(1, Math.floor(seconds / 10));
    for (let w = 0; w < windows; w++) {
      await delay((seconds * 1000) / windows);
      lags.push(await http.loopLag());
    }
    desk.measuring = false;
    const elapsed = (performance.now() - started) / 1000;
    const serverCpu = (cpuSeconds(server.pid) - cpuAtStart) / elapsed;
    const clientCpu = (clientPids.reduce((sum, pid) => sum + cpuSeconds(pid), 0) - clientCpuAtStart) / elapsed;
    const machineCpu = (machineBusySeconds() - machineAtStart) / elapsed;
    await fleet.report();
    const measuredSent = fleet.sent;
    // Instructions issued in the last moments are still on their way.
    await desk.stopIssuing();
    await delay(500);
    await fleet.report();

    const deliver = desk.deliverLatencies(fleet.deliveries, firstMeasuredSeq);
    const positions = desk.positions;
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
        frames_per_console_s: Math.round((desk.frames / consoles / elapsed) * 10) / 10,
        position_samples: positions.count,
        instructions: deliver.count,
        issue_failures: desk.issueFailures,
        ...(desk.firstIssueError ? { issue_error: desk.firstIssueError } : {}),
        terminal_errors: fleet.errors,
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
    http.close();
  } finally {
    desk.close();
    await fleet.stop();
    await server.stop();
  }
}
