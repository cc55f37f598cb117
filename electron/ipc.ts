// The one place that calls ipcMain.handle (STYLE §7; GitHub Desktop `ipc-main.ts`): every handler
// checks its sender frame and validates its arguments before it runs. Electron `security.md` #17:
// any frame, including a foreign page that slipped in, can send IPC; only the console's origin may.
import type { Static } from 'typebox';
import { compileChecker, type Checker } from '../protocol/check.ts';
import { IpcArgs, type IpcChannel, type IpcInvoke } from '../protocol/ipc.ts';
import type { ShellFrame, ShellIpcMain } from './electronApi.ts';
import { IpcRejectedError } from './errors.ts';

/** The validated argument tuple of channel C (the Static of its IpcArgs schema). */
export type IpcArgsOf<C extends IpcChannel> = Static<(typeof IpcArgs)[C]>;

/** What a handler learns about its caller beyond the arguments: which WebContents sent it. */
export interface IpcContext {
  readonly senderId: number;
}

/** A main-side handler for channel C: gets the checked arguments, returns what IpcInvoke promises. */
export type IpcHandler<C extends IpcChannel> = (
  context: IpcContext,
  ...args: IpcArgsOf<C>
) => ReturnType<IpcInvoke[C]> | Awaited<ReturnType<IpcInvoke[C]>>;

/** Where handlers are registered, and the only origin allowed to call them. */
export interface IpcScope {
  readonly ipcMain: ShellIpcMain;
  /** The server's origin (`http://127.0.0.1:8600`), as `URL.origin` serialises it. */
  readonly appOrigin: string;
}

// Compiled once at module load (STYLE §3); the mapped type makes a missing channel a type error.
const argsCheckers: { readonly [C in IpcChannel]: Checker<(typeof IpcArgs)[C]> } = {
  'displays:list': compileChecker(IpcArgs['displays:list']),
  'window:open-on-display': compileChecker(IpcArgs['window:open-on-display']),
  'window:toggle-fullscreen': compileChecker(IpcArgs['window:toggle-fullscreen']),
};

/** True only for a live frame showing the app's origin; `null` (a destroyed or navigated frame) is untrusted. */
export function isAppFrame(frame: ShellFrame | null, appOrigin: string): boolean {
  return frame !== null && frame.origin === appOrigin;
}

/**
 * Registers `fn` for `channel` behind the sender and argument guards; throws IpcRejectedError
 * (reason 'sender' or 'arguments') into the renderer's promise instead. Returns the unregister function.
 */
export function handle<C extends IpcChannel>(scope: IpcScope, channel: C, fn: IpcHandler<C>): () => void {
  const check = argsCheckers[channel];
  scope.ipcMain.handle(channel, (event, ...args) => {
    if (!isAppFrame(event.senderFrame, scope.appOrigin)) throw new IpcRejectedError(channel, 'sender');
    if (!check(args)) throw new IpcRejectedError(channel, 'arguments', check.explain(args));
    return fn({ senderId: event.sender.id }, ...args);
  });
  return () => scope.ipcMain.removeHandler(channel);
}
