import { ConsoleShell, type ConsoleShellOptions } from './ConsoleShell.ts';
import type { ElectronApi } from './electronApi.ts';

/** What main.ts resolved before the app starts: the console URL and the bundled preload's path. */
export type RunConsoleAppOptions = Omit<ConsoleShellOptions, 'electron'>;

/**
 * The app lifecycle: one instance per machine, no default menu, the shell opened once Electron is
 * ready and closed when the app quits. Resolves to the shell, or null when another instance runs.
 */
export async function runConsoleApp(api: ElectronApi, options: RunConsoleAppOptions): Promise<ConsoleShell | null> {
  const { app } = api;
  // A second instance would open a second set of wall windows on the same displays: hand over to the first.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return null;
  }
  // Before 'ready', or Electron builds its default menu, whose DevTools and reload items operators must not have.
  api.Menu.setApplicationMenu(null);
  // Quit on every platform: the console is the whole app, there is no dock to stay in (macOS convention aside).
  app.on('window-all-closed', () => app.quit());
  await app.whenReady();
  const shell = new ConsoleShell({ ...options, electron: api });
  app.on('second-instance', () => shell.focus());
  app.on('will-quit', () => shell.close());
  shell.start();
  return shell;
}
