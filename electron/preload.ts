// Runs sandboxed (webPreferences.sandbox), bundled to one CommonJS file: a sandboxed preload can
// require only 'electron' and a few polyfills, so it imports nothing else at runtime.
// Electron `context-isolation.md`: expose one function per message, never ipcRenderer or a generic send.
import { contextBridge, ipcRenderer } from 'electron';
import type { ConsoleApi, ConsoleView, IpcChannel, IpcInvoke } from '../protocol/ipc.ts';

// Typed by IpcInvoke so a channel or argument typo fails `tsc`; private to this file.
function invoke<C extends IpcChannel>(channel: C, ...args: Parameters<IpcInvoke[C]>): Promise<Awaited<ReturnType<IpcInvoke[C]>>> {
  return ipcRenderer.invoke(channel, ...args);
}

contextBridge.exposeInMainWorld('consoleApi', {
  isElectron: true,
  listDisplays: () => invoke('displays:list'),
  openOnDisplay: (displayId: number, view: ConsoleView) => invoke('window:open-on-display', displayId, view),
  toggleFullscreen: () => invoke('window:toggle-fullscreen'),
} satisfies ConsoleApi);
