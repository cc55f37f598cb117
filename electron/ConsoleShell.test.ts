import assert from 'node:assert/strict';
import { onTestFinished, test, vi } from 'vitest';
import { compileChecker } from '../protocol/check.ts';
import { DisplayInfo } from '../protocol/ipc.ts';
import { Type } from 'typebox';
import { ConsoleShell } from './ConsoleShell.ts';
import type { ShellWindow } from './electronApi.ts';
import { ConsoleUrlError, InvalidStateError, IpcRejectedError, UnknownDisplayError } from './errors.ts';
import { createFakeElectron, deepFreeze, DISPLAYS, ipcEventFrom, type FakeElectron, type FakeWindow } from './testing/fakeElectron.ts';

const CONSOLE_URL = 'http://127.0.0.1:8600/console';
const ORIGIN = 'http://127.0.0.1:8600';
const PRELOAD = '/opt/console/dist/electron/preload.cjs';
const isDisplayList = compileChecker(Type.Array(DisplayInfo));

function startShell(electron: FakeElectron = createFakeElectron(), log: string[] = []) {
  const shell = new ConsoleShell({ electron, consoleUrl: new URL(CONSOLE_URL), preloadPath: PRELOAD, retryDelayMs: 1_000, log: (m) => log.push(m) });
  onTestFinished(() => shell.close());
  const main = fake(electron, shell.start());
  return { shell, electron, main, log };
}

/** The fake behind a window the shell returned (the shell only sees the ShellWindow interface). */
function fake(electron: FakeElectron, window: ShellWindow): FakeWindow {
  const found = electron.createdWindows.find((w) => w === window);
  assert.ok(found, 'the shell returned a window the fake did not construct');
  return found;
}

function lastWindow(electron: FakeElectron): FakeWindow {
  const window = electron.createdWindows.at(-1);
  assert.ok(window, 'no window was created');
  return window;
}

test('shell.start() opens the console window with isolated, sandboxed, Node-free webPreferences', () => {
  const { electron } = startShell();
  assert.equal(electron.createdWindows.length, 1);
  assert.deepEqual(lastWindow(electron).options.webPreferences, {
    preload: PRELOAD,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
    backgroundThrottling: false,
  });
});

test('shell.start() loads the console URL in a window over the primary display work area', () => {
  const { main } = startShell();
  assert.deepEqual(main.loadedUrls, [CONSOLE_URL]);
  const { x, y, width, height, fullscreen } = main.options;
  assert.deepEqual({ x, y, width, height }, DISPLAYS[0]?.workArea);
  assert.equal(fullscreen, false);
});

test('shell.start() opens the console on the display screen reports as primary', () => {
  const electron = createFakeElectron();
  electron.screen.primaryId = 2;
  const { main } = startShell(electron);
  assert.equal(main.options.x, DISPLAYS[1]?.workArea.x);
});

test('shell.start() throws InvalidStateError when called twice', () => {
  const { shell } = startShell();
  assert.throws(() => shell.start(), InvalidStateError);
});

test("shell.openOnDisplay() places the window on the display's bounds", () => {
  const { shell, electron } = startShell();
  shell.openOnDisplay(2, 'wall');
  const wall = lastWindow(electron);
  const { x, y, width, height, fullscreen } = wall.options;
  assert.deepEqual({ x, y, width, height }, DISPLAYS[1]?.bounds);
  assert.equal(fullscreen, true);
  assert.deepEqual(wall.loadedUrls, [`${CONSOLE_URL}?view=wall`]);
  assert.equal(wall.options.webPreferences.sandbox, true);
});

test("shell.openOnDisplay() opens a console view over the display's work area, without ?view", () => {
  const electron = createFakeElectron();
  const shell = new ConsoleShell({ electron, consoleUrl: new URL(`${CONSOLE_URL}?view=wall&court=1`), preloadPath: PRELOAD });
  onTestFinished(() => shell.close());
  shell.openOnDisplay(1, 'console');
  const window = lastWindow(electron);
  assert.deepEqual(window.loadedUrls, [`${CONSOLE_URL}?court=1`]);
  assert.equal(window.options.fullscreen, false);
});

test('shell.openOnDisplay() focuses the existing window when that view is already on the display', () => {
  const { shell, electron } = startShell();
  const first = shell.openOnDisplay(2, 'wall');
  const again = shell.openOnDisplay(2, 'wall');
  assert.equal(again, first);
  assert.equal(electron.createdWindows.length, 2);
  assert.equal(fake(electron, first).focusCount, 1);
});

test('shell.openOnDisplay() throws UnknownDisplayError for a display id that screen does not list', () => {
  const { shell, electron } = startShell();
  assert.throws(() => shell.openOnDisplay(99, 'wall'), UnknownDisplayError);
  assert.equal(electron.createdWindows.length, 1);
});

test('shell.openOnDisplay() throws InvalidStateError after shell.close()', () => {
  const { shell } = startShell();
  shell.close();
  assert.throws(() => shell.openOnDisplay(2, 'wall'), InvalidStateError);
});

test('window:open-on-display from the console opens a wall window on that display', async () => {
  const { electron, main } = startShell();
  const result = await electron.ipcMain.invoke('window:open-on-display', ipcEventFrom(main, ORIGIN), 2, 'wall');
  assert.equal(result, undefined);
  assert.equal(electron.createdWindows.length, 2);
  assert.equal(lastWindow(electron).options.x, DISPLAYS[1]?.bounds.x);
});

test('window:open-on-display rejects with IpcRejectedError and opens nothing when the view is unknown', async () => {
  const { electron, main } = startShell();
  await assert.rejects(electron.ipcMain.invoke('window:open-on-display', ipcEventFrom(main, ORIGIN), 2, 'kiosk'), {
    name: 'IpcRejectedError',
    reason: 'arguments',
  });
  assert.equal(electron.createdWindows.length, 1);
});

test('displays:list returns every display, valid against DisplayInfo, with the primary flagged and a label for each', async () => {
  const { electron, main } = startShell();
  const list = await electron.ipcMain.invoke('displays:list', ipcEventFrom(main, ORIGIN));
  assert.ok(isDisplayList(list), isDisplayList.explain(list));
  assert.deepEqual(
    list.map((d) => [d.id, d.primary]),
    [
      [1, true],
      [2, false],
    ],
  );
  assert.equal(list[0]?.label, 'Primary');
  assert.equal(list[1]?.label, '显示器 2');
});

test('shell.listDisplays() rounds fractional bounds to the integers DisplayInfo requires', () => {
  const electron = createFakeElectron([
    { id: 7, label: 'scaled', bounds: { x: 0.4, y: 0, width: 1536.6, height: 864 }, workArea: { x: 0, y: 0, width: 1536, height: 824 } },
  ]);
  const { shell } = startShell(electron);
  assert.deepEqual(shell.listDisplays()[0]?.bounds, { x: 0, y: 0, width: 1537, height: 864 });
});

test('window:toggle-fullscreen flips fullscreen on the window whose page asked, and returns the new state', async () => {
  const { shell, electron, main } = startShell();
  const wall = fake(electron, shell.openOnDisplay(2, 'wall'));
  assert.equal(await electron.ipcMain.invoke('window:toggle-fullscreen', ipcEventFrom(main, ORIGIN)), true);
  assert.equal(main.isFullScreen(), true);
  assert.equal(wall.isFullScreen(), true, 'the wall window was not touched');
  assert.equal(await electron.ipcMain.invoke('window:toggle-fullscreen', ipcEventFrom(wall, ORIGIN)), false);
  assert.equal(wall.isFullScreen(), false);
});

test('shell.toggleFullscreen() throws InvalidStateError for a WebContents the shell does not own', () => {
  const { shell } = startShell();
  assert.throws(() => shell.toggleFullscreen(4242), InvalidStateError);
});

test('navigation to another origin is prevented, and within the server origin allowed', () => {
  const { shell, electron, main } = startShell();
  const wall = fake(electron, shell.openOnDisplay(2, 'wall'));
  for (const window of [main, wall]) {
    assert.equal(window.webContents.navigate('will-navigate', 'https://evil.example/console'), true);
    assert.equal(window.webContents.navigate('will-navigate', 'http://127.0.0.1:8601/console'), true, 'another port is another origin');
    assert.equal(window.webContents.navigate('will-navigate', 'file:///etc/passwd'), true);
    assert.equal(window.webContents.navigate('will-navigate', 'not a url'), true);
    assert.equal(window.webContents.navigate('will-redirect', 'https://evil.example/'), true);
    assert.equal(window.webContents.navigate('will-navigate', `${ORIGIN}/console?case=42`), false);
    assert.equal(window.webContents.navigate('will-redirect', `${ORIGIN}/login`), false);
  }
});

test('window.open is denied, even for the server origin', () => {
  const { main } = startShell();
  assert.equal(main.webContents.windowOpen('https://evil.example/'), 'deny');
  assert.equal(main.webContents.windowOpen(`${ORIGIN}/console?view=wall`), 'deny');
});

test('the permission request handler grants media and fullscreen only to the server origin', async () => {
  const { electron } = startShell();
  const session = electron.session.defaultSession;
  assert.equal(await session.request('media', `${ORIGIN}/console`), true);
  assert.equal(await session.request('fullscreen', `${ORIGIN}/console?view=wall`), true);
  assert.equal(await session.request('media', 'https://evil.example/console'), false);
  assert.equal(await session.request('media', 'http://localhost:8600/console'), false, 'localhost is not 127.0.0.1');
  for (const permission of ['geolocation', 'notifications', 'clipboard-read', 'display-capture', 'openExternal', 'unknown']) {
    assert.equal(await session.request(permission, `${ORIGIN}/console`), false, permission);
  }
});

test('the permission check handler grants media only to the server origin', () => {
  const { electron } = startShell();
  const session = electron.session.defaultSession;
  assert.equal(session.check('media', ORIGIN), true);
  assert.equal(session.check('media', `${ORIGIN}/`), true);
  assert.equal(session.check('media', 'https://evil.example'), false);
  assert.equal(session.check('geolocation', ORIGIN), false);
});

test('the permission handlers deny everything after shell.close()', async () => {
  const { shell, electron } = startShell();
  shell.close();
  const session = electron.session.defaultSession;
  assert.notEqual(session.requestHandler, null, 'handlers stay installed: null would restore allow-all');
  assert.equal(await session.request('media', `${ORIGIN}/console`), false);
  assert.equal(session.check('media', ORIGIN), false);
});

test('a window the user closes is dropped from shell.windows', () => {
  const { shell, electron, main } = startShell();
  const wall = fake(electron, shell.openOnDisplay(2, 'wall'));
  assert.deepEqual(shell.windows, [main, wall]);
  wall.close();
  assert.deepEqual(shell.windows, [main]);
  assert.equal(shell.closed, false);
  const again = shell.openOnDisplay(2, 'wall');
  assert.notEqual(again, wall, 'a new window replaces the closed one');
});

test('closing the main console window closes the shell and its wall windows', () => {
  const { shell, electron, main } = startShell();
  const wall = fake(electron, shell.openOnDisplay(2, 'wall'));
  main.close();
  assert.equal(shell.closed, true);
  assert.equal(wall.isDestroyed(), true);
  assert.deepEqual(shell.windows, []);
  assert.deepEqual(electron.ipcMain.channels, []);
});

test('shell.close() destroys every window it owns and unregisters its IPC handlers', () => {
  const { shell, electron, main } = startShell();
  assert.deepEqual(electron.ipcMain.channels.sort(), ['displays:list', 'window:open-on-display', 'window:toggle-fullscreen']);
  const wall = fake(electron, shell.openOnDisplay(2, 'wall'));
  shell.close();
  assert.equal(main.isDestroyed(), true);
  assert.equal(wall.isDestroyed(), true);
  assert.deepEqual(shell.windows, []);
  assert.deepEqual(electron.ipcMain.channels, []);
});

test('shell.close() twice is safe', () => {
  const { shell, electron } = startShell();
  shell.close();
  assert.doesNotThrow(() => shell.close());
  assert.equal(shell.closed, true);
  // A new shell can register the channels again: the first one really let go of them.
  const next = new ConsoleShell({ electron, consoleUrl: new URL(CONSOLE_URL), preloadPath: PRELOAD });
  onTestFinished(() => next.close());
  assert.doesNotThrow(() => next.start());
});

/** setTimeout and clearTimeout on vitest's fake clock, for the calling test only. */
function fakeTimeouts(): void {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  onTestFinished(() => {
    vi.useRealTimers();
  });
}

const refused = deepFreeze(Object.assign(new Error(`ERR_CONNECTION_REFUSED (-102) loading '${CONSOLE_URL}'`), { code: 'ERR_CONNECTION_REFUSED' }));
const aborted = deepFreeze(Object.assign(new Error(`ERR_ABORTED (-3) loading '${CONSOLE_URL}'`), { code: 'ERR_ABORTED' }));

test('shell.start() loads the console again after retryDelayMs when the server does not answer', async () => {
  fakeTimeouts();
  const electron = createFakeElectron();
  electron.onWindow((window) => window.loadFailures.push(refused));
  const { main, log } = startShell(electron);
  await flushMicrotasks();
  assert.equal(main.loadedUrls.length, 1);
  assert.equal(log.length, 1);
  vi.advanceTimersByTime(999);
  assert.equal(main.loadedUrls.length, 1);
  vi.advanceTimersByTime(1);
  assert.deepEqual(main.loadedUrls, [CONSOLE_URL, CONSOLE_URL]);
  await flushMicrotasks();
  vi.advanceTimersByTime(5_000);
  assert.equal(main.loadedUrls.length, 2, 'no reload once a load succeeded');
});

test('shell.start() does not load again when the load was superseded by another navigation (ERR_ABORTED)', async () => {
  fakeTimeouts();
  const electron = createFakeElectron();
  electron.onWindow((window) => window.loadFailures.push(aborted));
  const { main, log } = startShell(electron);
  await flushMicrotasks();
  vi.advanceTimersByTime(5_000);
  assert.equal(main.loadedUrls.length, 1);
  assert.deepEqual(log, []);
});

test('shell.close() cancels a pending reload', async () => {
  fakeTimeouts();
  const electron = createFakeElectron();
  electron.onWindow((window) => window.loadFailures.push(refused));
  const { shell, main } = startShell(electron);
  await flushMicrotasks();
  shell.close();
  vi.advanceTimersByTime(5_000);
  assert.equal(main.loadedUrls.length, 1);
});

test('a window closed while its reload is pending is not loaded again', async () => {
  fakeTimeouts();
  const { shell, electron } = startShell();
  electron.onWindow((window) => window.loadFailures.push(refused));
  const wall = fake(electron, shell.openOnDisplay(2, 'wall'));
  await flushMicrotasks();
  wall.close();
  vi.advanceTimersByTime(5_000);
  assert.equal(wall.loadedUrls.length, 1);
});

test('new ConsoleShell() throws ConsoleUrlError for a URL without an origin', () => {
  assert.throws(
    () => new ConsoleShell({ electron: createFakeElectron(), consoleUrl: new URL('data:text/html,<p>hi'), preloadPath: PRELOAD }),
    ConsoleUrlError,
  );
});

test('IPC from a frame of another origin is rejected before it can open a window', async () => {
  const { electron, main } = startShell();
  await assert.rejects(
    electron.ipcMain.invoke('window:open-on-display', ipcEventFrom(main, 'https://evil.example'), 2, 'wall'),
    (err) => err instanceof IpcRejectedError && err.reason === 'sender',
  );
  assert.equal(electron.createdWindows.length, 1);
});

function flushMicrotasks(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
