import assert from 'node:assert/strict';
import { onTestFinished, test } from 'vitest';
import type { ShellIpcEvent } from './electronApi.ts';
import { IpcRejectedError } from './errors.ts';
import { handle, isAppFrame, type IpcContext } from './ipc.ts';
import { FakeIpcMain } from './testing/fakeElectron.ts';

const ORIGIN = 'http://127.0.0.1:8600';
const fromApp: ShellIpcEvent = Object.freeze({ senderFrame: Object.freeze({ origin: ORIGIN }), sender: Object.freeze({ id: 7 }) });

/** Registers a recording handler for window:open-on-display; returns the fake and what the handler saw. */
function openOnDisplayHandler() {
  const ipcMain = new FakeIpcMain();
  const calls: Array<[IpcContext, number, string]> = [];
  const unregister = handle({ ipcMain, appOrigin: ORIGIN }, 'window:open-on-display', (context, displayId, view) => {
    calls.push([context, displayId, view]);
  });
  onTestFinished(unregister);
  return { ipcMain, calls, unregister };
}

async function assertRejected(promise: Promise<unknown>, reason: 'sender' | 'arguments'): Promise<void> {
  await assert.rejects(promise, (err) => {
    assert.ok(err instanceof IpcRejectedError, `expected IpcRejectedError, got ${String(err)}`);
    assert.equal(err.code, 'ERR_IPC_REJECTED');
    assert.equal(err.channel, 'window:open-on-display');
    assert.equal(err.reason, reason);
    return true;
  });
}

test('isAppFrame() is false for a null frame (destroyed or navigated away)', () => {
  assert.equal(isAppFrame(null, ORIGIN), false);
});

test('isAppFrame() is true only for a frame whose origin is exactly the app origin', () => {
  assert.equal(isAppFrame({ origin: ORIGIN }, ORIGIN), true);
  assert.equal(isAppFrame({ origin: 'http://127.0.0.1:8601' }, ORIGIN), false);
  assert.equal(isAppFrame({ origin: 'http://localhost:8600' }, ORIGIN), false);
  assert.equal(isAppFrame({ origin: 'null' }, ORIGIN), false);
});

test('handle() passes the checked arguments and the sender id to the handler', async () => {
  const { ipcMain, calls } = openOnDisplayHandler();
  assert.equal(await ipcMain.invoke('window:open-on-display', fromApp, 2, 'wall'), undefined);
  assert.deepEqual(calls, [[{ senderId: 7 }, 2, 'wall']]);
});

test("handle() resolves to the handler's value", async () => {
  const ipcMain = new FakeIpcMain();
  onTestFinished(handle({ ipcMain, appOrigin: ORIGIN }, 'window:toggle-fullscreen', () => true));
  assert.equal(await ipcMain.invoke('window:toggle-fullscreen', fromApp), true);
});

test("handle() rejects with IpcRejectedError 'sender' when senderFrame is null", async () => {
  const { ipcMain, calls } = openOnDisplayHandler();
  await assertRejected(ipcMain.invoke('window:open-on-display', { ...fromApp, senderFrame: null }, 2, 'wall'), 'sender');
  assert.deepEqual(calls, []);
});

test("handle() rejects with IpcRejectedError 'sender' when the frame has a foreign origin", async () => {
  const { ipcMain, calls } = openOnDisplayHandler();
  for (const origin of ['https://evil.example', 'http://127.0.0.1:8601', 'null', 'file://']) {
    await assertRejected(ipcMain.invoke('window:open-on-display', { ...fromApp, senderFrame: { origin } }, 2, 'wall'), 'sender');
  }
  assert.deepEqual(calls, []);
});

test("handle() rejects with IpcRejectedError 'arguments' when arguments fail the channel schema", async () => {
  const { ipcMain, calls } = openOnDisplayHandler();
  const bad: unknown[][] = [
    [],
    [2],
    ['2', 'wall'],
    [2.5, 'wall'],
    [-1, 'wall'],
    [2, 'kiosk'],
    [2, 'wall', 'extra'],
    [{ displayId: 2 }, 'wall'],
  ];
  for (const args of bad) {
    await assertRejected(ipcMain.invoke('window:open-on-display', fromApp, ...args), 'arguments');
  }
  assert.deepEqual(calls, []);
});

test('handle() checks the sender before the arguments', async () => {
  const { ipcMain } = openOnDisplayHandler();
  await assertRejected(ipcMain.invoke('window:open-on-display', { ...fromApp, senderFrame: null }, 'bad'), 'sender');
});

test("handle() rejects extra arguments to a channel that takes none", async () => {
  const ipcMain = new FakeIpcMain();
  onTestFinished(handle({ ipcMain, appOrigin: ORIGIN }, 'displays:list', () => []));
  await assert.rejects(ipcMain.invoke('displays:list', fromApp, 'x'), { name: 'IpcRejectedError', reason: 'arguments' });
});

test('handle() returns a function that unregisters the handler', async () => {
  const { ipcMain, unregister } = openOnDisplayHandler();
  unregister();
  assert.deepEqual(ipcMain.channels, []);
  await assert.rejects(ipcMain.invoke('window:open-on-display', fromApp, 2, 'wall'), /No handler/);
});

test('handle() handler types follow IpcInvoke', () => {
  const ipcMain = new FakeIpcMain();
  // @ts-expect-error -- window:toggle-fullscreen must resolve to a boolean, not a string
  const unregister = handle({ ipcMain, appOrigin: ORIGIN }, 'window:toggle-fullscreen', () => 'yes');
  unregister();
});
