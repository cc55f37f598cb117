import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, test } from 'vitest';
import { ROOT_DIR } from '../../config/load.ts';
import { connectClient } from '../support/server.ts';

const NODE = process.execPath;
const MAIN = path.join(ROOT_DIR, 'server', 'main.ts');
const tmpDirs: string[] = [];
afterAll(() => {
  for (const d of tmpDirs) rmSync(d, { recursive: true, force: true });
});

interface Started {
  child: ChildProcess;
  url: string;
  output: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts server/main.ts as `npm start` would (without the installer), on a free port. */
function startMain(env: Record<string, string>): Started {
  const child = spawn(NODE, ['--disable-warning=ExperimentalWarning', MAIN], {
    cwd: ROOT_DIR,
    env: { ...process.env, PORT: '0', MEDIA_WORKERS: '2', LOG_LEVEL: 'warn', DEMO_CASES: '500', SCRYPT_COST: '1024', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d) => (out += d));
  child.stderr?.on('data', (d) => (out += d));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    // Bounded: a server that does not stop is a failure, not a hung test run.
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not exit within 20 s:\n${out}`));
    }, 20_000);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal });
    });
  });
  return { child, url: '', output: () => out, exit };
}

async function waitForUrl(s: Started, timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const m = /控制台 console:\s+(http:\/\/127\.0\.0\.1:\d+)\/console/.exec(s.output());
    if (m?.[1]) return m[1];
    if (s.child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`server did not print its URL:\n${s.output()}`);
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('server/main.ts as a process', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    test(`${signal} closes sockets, workers and database and exits 0`, async () => {
      const dataDir = mkdtempSync(path.join(os.tmpdir(), 'cc-main-'));
      tmpDirs.push(dataDir);
      const s = startMain({ DATA_DIR: dataDir });
      const url = await waitForUrl(s);
      // The database file was created and migrated on first start.
      assert.ok(existsSync(path.join(dataDir, 'command-center.sqlite')));

      // An open console websocket must not hold the shutdown: the server closes it.
      const password = /demo\.operator \/ (\S+)/.exec(s.output())?.[1];
      assert.ok(password, `first start printed no demo account:\n${s.output()}`);
      const login = await fetch(`${url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'demo.operator', password }),
      });
      assert.equal(login.status, 200);
      const { token } = (await login.json()) as { token: string };
      // Worker pids are health details: a session sees them.
      const healthRes = await fetch(`${url}/api/health`, { headers: { authorization: `Bearer ${token}` } });
      const health = (await healthRes.json()) as { status: string; mediasoup: { workers: { pid: number }[] } };
      assert.equal(health.status, 'ok');
      assert.equal(health.mediasoup.workers.length, 2);
      const consoleSocket = await connectClient(url, { client: 'console', token });
      const disconnected = new Promise<string>((resolve) => consoleSocket.once('disconnect', resolve));
      s.child.kill(signal);
      assert.match(await disconnected, /server|transport close/);
      const { code } = await s.exit;
      assert.equal(code, 0, s.output());
      for (const w of health.mediasoup.workers) assert.equal(processExists(w.pid), false, `worker ${w.pid} still running`);
    });
  }

  test('a bad PORT stops start-up with a message naming the key, exit 78', async () => {
    const s = startMain({ PORT: 'http' });
    const { code } = await s.exit;
    assert.equal(code, 78);
    assert.match(s.output(), /config error: PORT: expected an integer, got "http"/);
  });

  test('a CONFIG_FILE with a wrong type stops start-up naming the key', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cc-main-'));
    tmpDirs.push(dir);
    const file = path.join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ media: { rtcMinPort: 'low' } }));
    const s = startMain({ CONFIG_FILE: file });
    const { code } = await s.exit;
    assert.equal(code, 78);
    assert.match(s.output(), /media\.rtcMinPort \(env RTC_MIN_PORT\): must be integer/);
  });
});
