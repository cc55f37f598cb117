import assert from 'node:assert/strict';
import { onTestFinished, test } from 'vitest';
import { runConsoleApp } from './runConsoleApp.ts';
import { createFakeElectron, ipcEventFrom } from './testing/fakeElectron.ts';

const options = Object.freeze({ consoleUrl: new URL('http://127.0.0.1:8600/console'), preloadPath: '/app/preload.cjs', log: () => {} });

test('runConsoleApp() quits without a window when another instance holds the lock', async () => {
  const electron = createFakeElectron();
  electron.app.lockHeldElsewhere = true;
  assert.equal(await runConsoleApp(electron, options), null);
  assert.equal(electron.app.quitCount, 1);
  assert.deepEqual(electron.createdWindows, []);
  assert.deepEqual(electron.ipcMain.channels, []);
});

test("runConsoleApp() removes Electron's default menu and opens the console once ready", async () => {
  const electron = createFakeElectron();
  const shell = await runConsoleApp(electron, options);
  assert.ok(shell);
  onTestFinished(() => shell.close());
  assert.deepEqual(electron.Menu.calls, [null]);
  assert.equal(electron.createdWindows.length, 1);
  assert.deepEqual(electron.createdWindows[0]?.loadedUrls, ['http://127.0.0.1:8600/console']);
  assert.equal(electron.createdWindows[0]?.options.webPreferences.preload, '/app/preload.cjs');
});

test('runConsoleApp() quits the app on window-all-closed', async () => {
  const electron = createFakeElectron();
  const shell = await runConsoleApp(electron, options);
  onTestFinished(() => shell?.close());
  electron.createdWindows[0]?.close();
  electron.app.emit('window-all-closed');
  assert.equal(electron.app.quitCount, 1);
});

test('runConsoleApp() restores and focuses the console window on second-instance', async () => {
  const electron = createFakeElectron();
  const shell = await runConsoleApp(electron, options);
  onTestFinished(() => shell?.close());
  const main = electron.createdWindows[0];
  assert.ok(main);
  main.minimize();
  electron.app.emit('second-instance');
  assert.equal(main.isMinimized(), false);
  assert.equal(main.focusCount, 1);
});

test('runConsoleApp() closes the shell on will-quit', async () => {
  const electron = createFakeElectron();
  const shell = await runConsoleApp(electron, options);
  assert.ok(shell);
  const main = electron.createdWindows[0];
  assert.ok(main);
  electron.app.emit('will-quit');
  assert.equal(shell.closed, true);
  assert.equal(main.isDestroyed(), true);
  await assert.rejects(electron.ipcMain.invoke('displays:list', ipcEventFrom(main, 'http://127.0.0.1:8600')), /No handler/);
});
