// The exact subset of Electron the main process uses. ConsoleShell, ipc.ts and runConsoleApp.ts take
// these interfaces instead of importing 'electron', so they run under plain node against a fake
// (the Electron binary cannot be downloaded on every machine). main.ts passes the real modules;
// `tsc` proves the real ones satisfy these shapes.
import type { BrowserWindowConstructorOptions } from 'electron';

/** A rectangle in device-independent pixels (Electron `Rectangle`). */
export interface ShellRectangle {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** The fields of Electron `Display` the shell reads. */
export interface ShellDisplay {
  readonly id: number;
  readonly label: string;
  readonly bounds: ShellRectangle;
  /** The bounds less the taskbar and docks. */
  readonly workArea: ShellRectangle;
}

/** `screen`: only usable after `app.whenReady()`. */
export interface ShellScreen {
  getAllDisplays(): ShellDisplay[];
  getPrimaryDisplay(): ShellDisplay;
}

/** The fields of `WebFrameMain` the IPC sender check reads. */
export interface ShellFrame {
  readonly origin: string;
}

/** The fields of `IpcMainInvokeEvent` the IPC wrapper reads; `senderFrame` is null once the frame is gone. */
export interface ShellIpcEvent {
  readonly senderFrame: ShellFrame | null;
  readonly sender: { readonly id: number };
}

/** `ipcMain`, invoke side only: the renderer never gets fire-and-forget channels. */
export interface ShellIpcMain {
  handle(channel: string, listener: (event: ShellIpcEvent, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

/** A navigation about to happen (Electron `Event<WebContentsWillNavigateEventParams>`). */
export interface ShellNavigationEvent {
  readonly url: string;
  preventDefault(): void;
}

/** What `setWindowOpenHandler` receives (Electron `HandlerDetails`). */
export interface ShellWindowOpenDetails {
  readonly url: string;
}

/** The fields of `WebContents` the shell uses. */
export interface ShellWebContents {
  readonly id: number;
  setWindowOpenHandler(handler: (details: ShellWindowOpenDetails) => { action: 'deny' }): void;
  on(event: 'will-navigate' | 'will-redirect', listener: (event: ShellNavigationEvent) => void): unknown;
}

/** Options the shell passes to `new BrowserWindow()`; a subset of Electron's own type. */
export type ShellWindowOptions = Pick<
  BrowserWindowConstructorOptions,
  'x' | 'y' | 'width' | 'height' | 'fullscreen' | 'title' | 'backgroundColor' | 'autoHideMenuBar' | 'show'
> & {
  webPreferences: Pick<
    NonNullable<BrowserWindowConstructorOptions['webPreferences']>,
    | 'preload'
    | 'contextIsolation'
    | 'sandbox'
    | 'nodeIntegration'
    | 'nodeIntegrationInSubFrames'
    | 'webSecurity'
    | 'allowRunningInsecureContent'
    | 'webviewTag'
    | 'backgroundThrottling'
    | 'spellcheck'
  >;
};

/** The fields of `BrowserWindow` the shell uses. */
export interface ShellWindow {
  readonly id: number;
  readonly webContents: ShellWebContents;
  loadURL(url: string): Promise<void>;
  isDestroyed(): boolean;
  isFullScreen(): boolean;
  setFullScreen(flag: boolean): void;
  isMinimized(): boolean;
  restore(): void;
  focus(): void;
  destroy(): void;
  on(event: 'closed', listener: () => void): unknown;
}

/** The `BrowserWindow` constructor. */
export type ShellWindowConstructor = new (options: ShellWindowOptions) => ShellWindow;

/** Permission request handler, as `session.setPermissionRequestHandler` calls it. */
export type ShellPermissionRequestHandler = (
  webContents: unknown,
  permission: string,
  callback: (granted: boolean) => void,
  details: { readonly requestingUrl: string },
) => void;

/** Permission check handler, as `session.setPermissionCheckHandler` calls it. */
export type ShellPermissionCheckHandler = (webContents: unknown, permission: string, requestingOrigin: string) => boolean;

/** The fields of `Session` the shell uses. */
export interface ShellSession {
  setPermissionRequestHandler(handler: ShellPermissionRequestHandler | null): void;
  setPermissionCheckHandler(handler: ShellPermissionCheckHandler | null): void;
}

/** `app`: lifecycle only. */
export interface ShellApp {
  requestSingleInstanceLock(): boolean;
  whenReady(): Promise<void>;
  quit(): void;
  on(event: 'second-instance' | 'window-all-closed' | 'will-quit', listener: () => void): unknown;
}

/** `Menu`: only to drop Electron's default menu (its DevTools and reload items). */
export interface ShellMenu {
  setApplicationMenu(menu: null): void;
}

/** What ConsoleShell needs: windows, displays, the default session, IPC. */
export interface ShellElectron {
  readonly BrowserWindow: ShellWindowConstructor;
  readonly screen: ShellScreen;
  readonly session: { readonly defaultSession: ShellSession };
  readonly ipcMain: ShellIpcMain;
}

/** Everything main.ts hands to the lifecycle: ShellElectron plus `app` and `Menu`. */
export interface ElectronApi extends ShellElectron {
  readonly app: ShellApp;
  readonly Menu: ShellMenu;
}
