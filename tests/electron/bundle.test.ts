// Runs the real bundles from scripts/build-electron.mjs under plain node, with the fake Electron as
// their require('electron'): proves the build wires main → runConsoleApp → ConsoleShell and the
// preload bridge, on machines where the Electron binary is missing and the e2e test is skipped.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { builtinModules, createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, test } from 'vitest';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createFakeElectron, type FakeElectron } from '../../electron/testing/fakeElectron.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BUILD_SCRIPT = path.join(ROOT, 'scripts', 'build-electron.mjs');
const realRequire = createRequire(import.meta.url);

let outDir = '';
beforeAll(async () => {
  outDir = await mkdtemp(path.join(tmpdir(), 'console-electron-'));
  // Its own folder: the e2e test builds dist/electron at the same time in another process.
  await promisify(execFile)(process.execPath, [BUILD_SCRIPT, `--outdir=${outDir}`], { cwd: ROOT, timeout: 60_000 });
});
afterAll(() => rm(outDir, { recursive: true, force: true }));

/** Runs a CommonJS bundle with `electron` resolved to `electron`, its own argv/env; returns its console.error lines. */
async function runBundle(file: string, electron: object, proc: { argv: string[]; env: Record<string, string> } = { argv: [], env: {} }) {
  const code = await readFile(file, 'utf8');
  const fakeProcess = Object.assign(Object.create(process) as NodeJS.Process, proc);
  const errors: string[] = [];
  const fakeConsole = Object.assign(Object.create(console) as Console, { error: (...args: unknown[]) => void errors.push(args.join(' ')) });
  const requireFor = (id: string): unknown => (id === 'electron' ? electron : realRequire(id));
  const module = { exports: {} };
  const run = new Function('require', 'module', 'exports', '__dirname', '__filename', 'process', 'console', code);
  run(requireFor, module, module.exports, path.dirname(file), file, fakeProcess, fakeConsole);
  return errors;
}

function requiredModules(code: string): string[] {
  return [...new Set([...code.matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1] ?? ''))].sort();
}

/** The fake plus `dialog`, which only main.ts uses (to show a bad console URL). */
function electronForMain(): FakeElectron & { dialog: { showErrorBox(title: string, content: string): void }; errorBoxes: string[] } {
  const errorBoxes: string[] = [];
  return Object.assign(createFakeElectron(), { dialog: { showErrorBox: (_title: string, content: string) => void errorBoxes.push(content) }, errorBoxes });
}

test('build-electron.mjs writes a preload that requires only electron (all a sandboxed preload may load)', async () => {
  const code = await readFile(path.join(outDir, 'preload.cjs'), 'utf8');
  assert.deepEqual(requiredModules(code), ['electron']);
});

test('build-electron.mjs writes a main bundle that requires only electron and node builtins', async () => {
  const code = await readFile(path.join(outDir, 'main.cjs'), 'utf8');
  const foreign = requiredModules(code).filter((id) => id !== 'electron' && !id.startsWith('node:') && !builtinModules.includes(id));
  assert.deepEqual(foreign, []);
});

test('the bundled preload exposes only consoleApi: isElectron and one function per channel', async () => {
  const exposed: Array<[string, Record<string, unknown>]> = [];
  const invoked: unknown[][] = [];
  const ipcRenderer = {
    invoke: (...args: unknown[]) => {
      invoked.push(args);
      return Promise.resolve('reply');
    },
    send: () => assert.fail('the preload must not use fire-and-forget IPC'),
  };
  const contextBridge = { exposeInMainWorld: (key: string, api: Record<string, unknown>) => void exposed.push([key, api]) };
  await runBundle(path.join(outDir, 'preload.cjs'), { contextBridge, ipcRenderer });

  assert.deepEqual(exposed.map(([key]) => key), ['consoleApi']);
  const api = exposed[0]?.[1] ?? {};
  assert.deepEqual(Object.keys(api).sort(), ['isElectron', 'listDisplays', 'openOnDisplay', 'toggleFullscreen']);
  assert.equal(api.isElectron, true);
  for (const value of Object.values(api)) assert.notEqual(value, ipcRenderer, 'ipcRenderer leaked');

  const call = (name: string, ...args: unknown[]): unknown => {
    const fn = api[name];
    if (typeof fn !== 'function') return assert.fail(`consoleApi.${name} is not a function`);
    return Reflect.apply(fn, undefined, args);
  };
  assert.equal(await call('listDisplays'), 'reply');
  await call('openOnDisplay', 2, 'wall');
  await call('toggleFullscreen');
  assert.deepEqual(invoked, [['displays:list'], ['window:open-on-display', 2, 'wall'], ['window:toggle-fullscreen']]);
});

test('the bundled main opens the console from CONSOLE_URL with the preload beside it', async () => {
  const electron = electronForMain();
  await runBundle(path.join(outDir, 'main.cjs'), electron, { argv: ['electron', '.'], env: { CONSOLE_URL: 'http://127.0.0.1:8655/console' } });
  // main.ts awaits app.whenReady() (already resolved in the fake): one turn of the event loop.
  await new Promise((resolve) => setImmediate(resolve));
  const window = electron.createdWindows[0];
  assert.ok(window, 'no window was opened');
  assert.deepEqual(window.loadedUrls, ['http://127.0.0.1:8655/console']);
  assert.equal(window.options.webPreferences.preload, path.join(outDir, 'preload.cjs'));
  assert.deepEqual(electron.ipcMain.channels.sort(), ['displays:list', 'window:open-on-display', 'window:toggle-fullscreen']);
  assert.deepEqual(electron.errorBoxes, []);
  electron.app.emit('will-quit');
  assert.equal(window.isDestroyed(), true);
});

test('the bundled main shows an error and exits 2 when --console-url is not http(s)', async () => {
  const electron = electronForMain();
  const errors = await runBundle(path.join(outDir, 'main.cjs'), electron, { argv: ['electron', '.', '--console-url=file:///etc/passwd'], env: {} });
  assert.equal(electron.app.exitCode, 2);
  assert.equal(errors.length, 1);
  assert.equal(electron.errorBoxes.length, 1);
  assert.deepEqual(electron.createdWindows, []);
});
