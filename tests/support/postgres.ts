import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess, SpawnOptions } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { StoreOptions } from '../../server/store/Store.ts';

/** A throw-away PostgreSQL server, started for one test file. */
export interface RunningPostgres {
  /** postgres://postgres@127.0.0.1:PORT/cc_test (trust auth, no password). */
  url: string;
  /** Fast shutdown, then the data directory is removed. A second call does nothing. */
  stop(): Promise<void>;
}

const DATABASE = 'cc_test';
const SUPERUSER = 'postgres';
const INITDB_TIMEOUT_MS = 60_000;
const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 15_000;
const ROOT_MAPPED_UID = 1000;

/** How to run PostgreSQL's binaries as a user it accepts (it refuses to run as uid 0). */
type Runner =
  | { kind: 'direct' }
  | { kind: 'setuid'; uid: number; gid: number; user: string }
  // uid 0 inside a user namespace (unshare -r) where no other uid is mapped: a nested user namespace
  // maps a non-zero uid onto ours, so postgres sees itself as that uid.
  | { kind: 'userns'; unshare: string };

interface Binaries {
  initdb: string;
  postgres: string;
}

/** Debian's PostgreSQL binaries: POSTGRES_BIN_DIR, else the newest /usr/lib/postgresql/<ver>/bin. */
function findBinaries(): Binaries | null {
  const dirs: string[] = [];
  if (process.env.POSTGRES_BIN_DIR) dirs.push(process.env.POSTGRES_BIN_DIR);
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root).filter((v) => /^\d+(\.\d+)?$/.test(v)).sort((a, b) => Number(b) - Number(a));
    for (const v of versions) dirs.push(path.join(root, v, 'bin'));
  }
  for (const dir of dirs) {
    const initdb = path.join(dir, 'initdb');
    const postgres = path.join(dir, 'postgres');
    if (existsSync(initdb) && existsSync(postgres)) return { initdb, postgres };
  }
  return null;
}

function findOnPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin').split(':')) {
    const candidate = path.join(dir, name);
    if (dir && existsSync(candidate)) return candidate;
  }
  return null;
}

/** Whether id is mapped in this user namespace (/proc/self/uid_map or gid_map); true where there is no /proc. */
function isMapped(id: number, file: '/proc/self/uid_map' | '/proc/self/gid_map'): boolean {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    // Not Linux or no /proc: no user namespaces to worry about.
    return true;
  }
  return text.trim().split('\n').some((line) => {
    const [inside, , count] = line.trim().split(/\s+/).map(Number);
    return inside !== undefined && count !== undefined && id >= inside && id < inside + count;
  });
}

function lookupUser(name: string): { uid: number; gid: number } | null {
  const r = spawnSync('id', ['-u', name], { encoding: 'utf8' });
  const g = spawnSync('id', ['-g', name], { encoding: 'utf8' });
  if (r.status !== 0 || g.status !== 0) return null;
  return { uid: Number(r.stdout.trim()), gid: Number(g.stdout.trim()) };
}

function chooseRunner(): Runner | string {
  if (process.getuid?.() !== 0) return { kind: 'direct' };
  // Debian's package creates the 'postgres' system user; 'nobody' serves as well for a throw-away cluster.
  for (const user of ['postgres', 'nobody']) {
    const ids = lookupUser(user);
    if (ids && ids.uid !== 0 && isMapped(ids.uid, '/proc/self/uid_map') && isMapped(ids.gid, '/proc/self/gid_map')) {
      return { kind: 'setuid', user, ...ids };
    }
  }
  const unshare = findOnPath('unshare');
  if (!unshare) return 'running as root with no postgres/nobody user to switch to, and util-linux unshare is missing to map a non-root uid';
  return { kind: 'userns', unshare };
}

/** Why PostgreSQL tests must be skipped here, or null when a throw-away server can be started. */
export function postgresUnavailable(): string | null {
  if (process.platform !== 'linux') return `PostgreSQL tests need Linux with Debian's postgresql package (this is ${process.platform})`;
  if (!findBinaries()) {
    return 'PostgreSQL binaries not found (/usr/lib/postgresql/<ver>/bin or POSTGRES_BIN_DIR): apt-get install postgresql';
  }
  const runner = chooseRunner();
  return typeof runner === 'string' ? runner : null;
}

function command(runner: Runner, file: string, args: string[]): { file: string; args: string[]; opts: SpawnOptions } {
  // C messages so the readiness line can be matched; no locale so text sorts by code point as in SQLite.
  const env = { ...process.env, LC_ALL: 'C', LANG: 'C', PGTZ: 'UTC' };
  switch (runner.kind) {
    case 'direct':
      return { file, args, opts: { env } };
    case 'setuid':
      // libuv drops supplementary groups when it sets uid/gid, so the child keeps none of root's.
      return { file, args, opts: { env, uid: runner.uid, gid: runner.gid } };
    case 'userns':
      return {
        file: runner.unshare,
        args: ['--user', `--map-user=${ROOT_MAPPED_UID}`, `--map-group=${ROOT_MAPPED_UID}`, '--', file, ...args],
        opts: { env },
      };
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

/** Runs a command to completion, rejecting on a non-zero exit or after timeoutMs. */
function runToEnd(cmd: { file: string; args: string[]; opts: SpawnOptions }, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd.file, cmd.args, { ...cmd.opts, stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs, killSignal: 'SIGKILL' });
    let output = '';
    child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    child.once('error', reject);
    child.once('close', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`${path.basename(cmd.file)} ${cmd.args.join(' ')} failed (${signal ?? `exit ${code}`}):\n${output}`));
    });
  });
}

/** Resolves once postgres logs that it accepts connections; rejects if it exits first or the deadline passes. */
function waitReady(child: ChildProcess, log: () => string): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => finish(new Error(`PostgreSQL not ready within ${READY_TIMEOUT_MS} ms:\n${log()}`)), READY_TIMEOUT_MS);
    const onData = () => {
      if (log().includes('ready to accept connections')) finish();
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
      finish(new Error(`PostgreSQL exited before it was ready (${signal ?? `exit ${code}`}):\n${log()}`));
    };
    const finish = (err?: Error) => {
      clearTimeout(timer);
      child.stderr?.off('data', onData);
      child.off('exit', onExit);
      child.off('error', onError);
      if (err) reject(err);
      else resolve();
    };
    const onError = (err: Error) => finish(err);
    child.stderr?.on('data', onData);
    child.once('exit', onExit);
    child.once('error', onError);
  });
}

/** Fast shutdown (SIGINT, as pg_ctl stop -m fast), then SIGKILL if it has not exited by the deadline. */
function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGINT');
  });
}

/**
 * Starts a throw-away PostgreSQL from Debian's packages: initdb into a temp dir (trust auth, UTF8,
 * C locale), listening on 127.0.0.1 only on a free port with its socket in the temp dir, and one
 * empty database. Throws with postgresUnavailable()'s reason where it cannot run.
 */
export async function startPostgres(): Promise<RunningPostgres> {
  const unavailable = postgresUnavailable();
  if (unavailable) throw new Error(unavailable);
  const bins = findBinaries();
  const runner = chooseRunner();
  if (!bins || typeof runner === 'string') throw new Error('PostgreSQL became unavailable');

  const base = mkdtempSync(path.join(os.tmpdir(), 'cc-pg-'));
  const dataDir = path.join(base, 'data');
  const socketDir = path.join(base, 'sock');
  mkdirSync(socketDir);
  if (runner.kind === 'setuid') {
    for (const dir of [base, socketDir]) chownSync(dir, runner.uid, runner.gid);
  }

  let child: ChildProcess | null = null;
  let port = 0;
  try {
    await runToEnd(
      command(runner, bins.initdb, ['-D', dataDir, '-U', SUPERUSER, '--auth=trust', '--encoding=UTF8', '--no-locale', '--no-sync']),
      INITDB_TIMEOUT_MS,
    );
    // The free port can be taken between probing and binding: try a few.
    let lastError: unknown;
    for (let attempt = 0; attempt < 3 && !child; attempt++) {
      port = await freePort();
      const cmd = command(runner, bins.postgres, [
        '-D', dataDir,
        '-p', String(port),
        '-k', socketDir,
        '-c', 'listen_addresses=127.0.0.1',
        // A throw-away cluster: durability buys nothing and costs seconds per test file.
        '-c', 'fsync=off',
        '-c', 'synchronous_commit=off',
        '-c', 'full_page_writes=off',
        '-c', 'max_connections=50',
        '-c', 'lc_messages=C',
        '-c', 'TimeZone=UTC',
      ]);
      const started = spawn(cmd.file, cmd.args, { ...cmd.opts, stdio: ['ignore', 'ignore', 'pipe'] });
      let log = '';
      started.stderr?.on('data', (d: Buffer) => (log += d.toString()));
      try {
        await waitReady(started, () => log);
        child = started;
      } catch (err) {
        lastError = err;
        await stopServer(started);
      }
    }
    if (!child) throw lastError;

    const admin = new pg.Client({ host: '127.0.0.1', port, user: SUPERUSER, database: 'postgres', connectionTimeoutMillis: 10_000 });
    await admin.connect();
    try {
      await admin.query(`create database ${DATABASE}`);
    } finally {
      await admin.end();
    }
  } catch (err) {
    if (child) await stopServer(child);
    rmSync(base, { recursive: true, force: true });
    throw err;
  }

  const server = child;
  // If the test process ends without stop() (a crash, a forgotten after()), take the server with it:
  // 'exit' handlers must be synchronous, so immediate shutdown (SIGQUIT) and a synchronous rm.
  const onExit = () => {
    server.kill('SIGQUIT');
    rmSync(base, { recursive: true, force: true });
  };
  process.once('exit', onExit);
  let stopped = false;
  return {
    url: `postgres://${SUPERUSER}@127.0.0.1:${port}/${DATABASE}`,
    async stop() {
      if (stopped) return;
      stopped = true;
      process.off('exit', onExit);
      await stopServer(server);
      rmSync(base, { recursive: true, force: true });
    },
  };
}

/**
 * One throw-away PostgreSQL for a test file, started on first use; `fresh()` creates a new database
 * in it for each test (cheaper than a server per test). Call `stop()` in the file's after().
 */
export function postgresDatabases(prefix: string): { fresh(): Promise<StoreOptions>; stop(): Promise<void> } {
  let server: Promise<RunningPostgres> | null = null;
  let count = 0;
  return {
    async fresh() {
      server ??= startPostgres();
      const running = await server;
      const name = `${prefix}_${++count}`;
      const admin = new pg.Client({ connectionString: running.url, connectionTimeoutMillis: 5_000 });
      await admin.connect();
      try {
        await admin.query(`create database ${name}`);
      } finally {
        await admin.end();
      }
      const url = new URL(running.url);
      url.pathname = `/${name}`;
      return { dataDir: ':memory:', databaseUrl: url.toString(), poolSize: 4 };
    },
    async stop() {
      if (server) await (await server).stop();
    },
  };
}

/** What a server test starts its server on: env for startServer (DATABASE_URL, or none for SQLite) and how to stop the database. */
export interface TestDatabase {
  env: Record<string, string>;
  stop(): Promise<void>;
}

/**
 * Declares `suite` twice, on the embedded SQLite and on a throw-away PostgreSQL (`skip` is the
 * reason where there is none), titled `${label} on SQLite` and `${label} on PostgreSQL`.
 */
export function onBothDatabases(label: string, suite: (title: string, database: () => Promise<TestDatabase>, skip: string | false) => void): void {
  suite(`${label} on SQLite`, async () => ({ env: {}, stop: async () => undefined }), false);
  suite(
    `${label} on PostgreSQL`,
    async () => {
      const pg = await startPostgres();
      return { env: { DATABASE_URL: pg.url }, stop: () => pg.stop() };
    },
    postgresUnavailable() ?? false,
  );
}
