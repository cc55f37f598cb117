// What every benchmark shares: a real server process over a prepared data directory, and percentiles.
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { ROOT_DIR } from '../../config/load.ts';

/** The value at percentile `p` (0-100) of an ascending array; 0 when empty. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

export interface ServerProcess {
  url: string;
  /** The server's own process (its mediasoup worker is a separate one). */
  pid: number;
  stop(): Promise<void>;
}

/** Starts server/main.ts on a free port over `dataDir`; resolves once it prints its console URL. */
export async function startServerProcess(dataDir: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  const { NODE_TEST_CONTEXT: _ignored, ...parentEnv } = process.env;
  // BENCH_SERVER_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof' (or --trace-gc) to look inside the server.
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', ...nodeArgs, path.join(ROOT_DIR, 'server', 'main.ts')], {
    env: { ...parentEnv, DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn', MEDIA_WORKERS: '1', DEMO_SEED: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  // BENCH_SERVER_LOG=/path keeps the server's whole output (with --trace-gc, say).
  const log = process.env.BENCH_SERVER_LOG ? createWriteStream(process.env.BENCH_SERVER_LOG) : null;
  const take = (d: Buffer) => {
    // Only the start-up banner is searched; a long run must not grow this string without end.
    if (out.length < 100_000) out += d.toString();
    log?.write(d);
  };
  child.stdout.on('data', take);
  child.stderr.on('data', take);
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
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
