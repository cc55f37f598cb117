// What every benchmark shares: a real server process over a prepared data directory, and percentiles.
import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { ROOT_DIR } from '../../config/load.ts';
import { spawnWithNofile } from './nofile.ts';
import { nofileOf } from './procStats.ts';

/** The value at percentile `p` (0-100) of an ascending array; 0 when empty. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** Signs `username` in at `url` (a bench server); the session token. */
export async function benchLogin(url: string, username: string, password: string): Promise<string> {
  const login = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!login.ok) throw new Error(`bench login failed: ${login.status} ${await login.text()}`);
  return ((await login.json()) as { token: string }).token;
}

export interface ServerProcess {
  url: string;
  /** The server's own process (its mediasoup worker is a separate one). */
  pid: number;
  /** Its soft limit on open files once started: it holds fewer connections than this. */
  nofile: number;
  /** Its exit code, or null while it runs. */
  readonly exitCode: number | null;
  /** The last 2,000 characters it printed (why it died, say). */
  readonly lastOutput: string;
  stop(): Promise<void>;
}

/**
 * Starts server/main.ts on a free port over `dataDir`, its open-file limit raised (towards `nofile`,
 * where allowed); resolves once it prints its console URL.
 */
export async function startServerProcess(dataDir: string, env: Record<string, string> = {}, nofile = 0): Promise<ServerProcess> {
  const { NODE_TEST_CONTEXT: _ignored, ...parentEnv } = process.env;
  // BENCH_SERVER_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof' (or --trace-gc) to look inside the server.
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawnWithNofile(nofile, process.execPath, ['--disable-warning=ExperimentalWarning', ...nodeArgs, path.join(ROOT_DIR, 'server', 'main.ts')], {
    env: { ...parentEnv, DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn', MEDIA_WORKERS: '1', DEMO_SEED: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let lastOutput = '';
  // BENCH_SERVER_LOG=/path keeps the server's whole output (with --trace-gc, say).
  const log = process.env.BENCH_SERVER_LOG ? createWriteStream(process.env.BENCH_SERVER_LOG) : null;
  const take = (d: Buffer) => {
    // Only the start-up banner is searched; a long run must not grow this string without end.
    if (out.length < 100_000) out += d.toString();
    lastOutput = (lastOutput + d.toString()).slice(-2_000);
    log?.write(d);
  };
  child.stdout?.on('data', take);
  child.stderr?.on('data', take);
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 30_000);
    const poll = setInterval(() => {
      const m = /控制台 console:\s+(http:\/\/[^/\s]+)\/console/.exec(out);
      if (m?.[1]) {
        clearInterval(poll);
        clearTimeout(timer);
        resolve(m[1]);
      }
    }, 50);
    child.once('exit', (code) => {
      clearInterval(poll);
      clearTimeout(timer);
      reject(new Error(`server exited ${code}:\n${out}`));
    });
  });
  if (child.pid === undefined) throw new Error('server process has no pid');
  return {
    url,
    pid: child.pid,
    nofile: nofileOf(child.pid),
    get exitCode() {
      return child.exitCode;
    },
    get lastOutput() {
      return lastOutput;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
