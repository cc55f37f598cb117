import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { io } from 'socket.io-client';
import { loadConfig } from '../../config/load.ts';
import type { Config } from '../../config/schema.ts';
import type { Clock } from '../../server/clock.ts';
import type { ClientToServerEvents, ServerToClientEvents } from '../../protocol/events.ts';
import type { HandshakeAuth } from '../../protocol/terminal.ts';
import { buildApp, type App } from '../../server/app.ts';
import { buildWorld, PASSWORD } from './world.ts';
import type { Socket } from 'socket.io-client';

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Logs `username` in over HTTP and returns the session token. */
export async function login(server: { app: App['app'] }, username: string, password = PASSWORD): Promise<string> {
  const res = await server.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
  return (res.json() as { token: string }).token;
}

export interface RunningServer extends App {
  url: string;
  config: Config;
  close(): Promise<void>;
}

export interface StartOptions {
  /** Use (and keep) this data dir: the world is written only if its database is empty. */
  dataDir?: string;
  /** The server's clock (a shifted or manual one for ack windows and expiry). */
  clock?: Clock;
  /** Listen on this port instead of a free one: a restart test brings the server back where open pages reconnect. */
  port?: number;
}

/** A test machine's disk may be fuller than a deployment's threshold: no disk-low warning unless a test sets one. */
const NO_DISK_WARNING = { RECORDING_MIN_FREE_BYTES: '0', RECORDING_MIN_FREE_PERCENT: '0' };
/**
 * The test world's commanders sit at 浙江高院 and 杭州中院 (西湖 has no dispatcher) and instruct 西湖's
 * and 海曙's teams: servers run as a deployment that lets upper courts instruct. The product default
 * (false: an upper court supervises) is proven by tests/integration/action-room.test.ts, which passes
 * UPPER_COURTS_MAY_INSTRUCT=false.
 */
const UPPER_COURTS_INSTRUCT = { UPPER_COURTS_MAY_INSTRUCT: 'true' };

/**
 * A real server (real SQLite in a temp dir, one real mediasoup worker) listening on 127.0.0.1:0,
 * holding the test world (tests/support/world.ts). scrypt runs at its cheapest cost: tests log in often.
 */
export async function startServer(env: Record<string, string> = {}, opts: StartOptions = {}): Promise<RunningServer> {
  // A caller's data dir outlives this server (a restart test starts the next one on it); a temp one does not.
  const dataDir = opts.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'cc-test-'));
  const config = loadConfig({ DATA_DIR: dataDir, MEDIA_WORKERS: '1', PORT: '0', LOG_LEVEL: 'warn', SCRYPT_COST: '1024', DEMO_SEED: 'false', ...NO_DISK_WARNING, ...UPPER_COURTS_INSTRUCT, ...env });
  const built = await buildApp({
    config,
    logger: { level: process.env.TEST_LOG_LEVEL ?? 'silent' },
    seedDemo: false,
    clock: opts.clock,
    populate: async (db, auth) => {
      await buildWorld(db, auth);
    },
  });
  await built.app.listen({ host: '127.0.0.1', port: opts.port ?? 0 });
  const address = built.app.server.address();
  if (typeof address !== 'object' || !address) throw new Error('server has no address');
  return {
    ...built,
    config,
    url: `http://127.0.0.1:${address.port}`,
    async close() {
      await built.app.close();
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A real Socket.IO client, resolved once the server said session:ready. */
export async function connectClient(
  url: string,
  auth: HandshakeAuth & { token: string },
  extra: { origin?: string; listen?: (socket: TestSocket) => void } = {},
): Promise<TestSocket> {
  const socket: TestSocket = io(url, {
    auth,
    transports: ['websocket'],
    reconnection: false,
    extraHeaders: extra.origin ? { origin: extra.origin } : undefined,
  });
  // Listeners a client sets up as it creates its socket hear what the server sends before session:ready.
  extra.listen?.(socket);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no session:ready within 5 s')), 5_000);
    socket.once('session:ready', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.once('connect_error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
  return socket;
}
