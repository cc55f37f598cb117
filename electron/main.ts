// The Electron entry point, bundled to dist/electron/main.cjs (package.json "main") by
// scripts/build-electron.mjs. Everything testable lives in runConsoleApp.ts and ConsoleShell.ts;
// this file only wires the real 'electron' module in and reports a bad console URL.
import path from 'node:path';
import electron from 'electron';
import { resolveConsoleUrl } from './consoleUrl.ts';
import type { ElectronApi } from './electronApi.ts';
import { runConsoleApp } from './runConsoleApp.ts';

const { app, dialog } = electron;

// Getters, not values: `screen` and `session` may only be touched once the app is ready.
const api: ElectronApi = {
  get app() {
    return electron.app;
  },
  get BrowserWindow() {
    return electron.BrowserWindow;
  },
  get Menu() {
    return electron.Menu;
  },
  get ipcMain() {
    return electron.ipcMain;
  },
  get screen() {
    return electron.screen;
  },
  get session() {
    return electron.session;
  },
};

function fail(title: string, err: unknown): void {
  const message = err instanceof Error ? err.message : String(err);
  console.error(`执行指挥中心: ${title}: ${message}`);
  // showErrorBox may be called before 'ready'; it is the only message a desktop-icon user would see.
  dialog.showErrorBox('执行指挥中心', `${title}\n\n${message}`);
  app.exit(2);
}

let consoleUrl: URL | undefined;
try {
  consoleUrl = resolveConsoleUrl(process.argv, process.env);
} catch (err) {
  fail('控制台地址无效 / invalid console URL', err);
}

if (consoleUrl !== undefined) {
  // This file only ever runs bundled as CommonJS, where __dirname is dist/electron beside preload.cjs.
  const preloadPath = path.join(__dirname, 'preload.cjs');
  runConsoleApp(api, { consoleUrl, preloadPath }).catch((err: unknown) => fail('启动失败 / startup failed', err));
}
