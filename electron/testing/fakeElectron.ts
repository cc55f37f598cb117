// A typed, in-memory stand-in for the Electron subset in electronApi.ts, so the shell's logic runs
// under plain node (no Electron binary). It records what the shell asked for and lets a test play
// the part of the page (navigate, window.open, IPC, permissions) or the user (close a window).
import type {
  ElectronApi,
  ShellDisplay,
  ShellIpcEvent,
  ShellIpcMain,
  ShellNavigationEvent,
  ShellPermissionCheckHandler,
  ShellPermissionRequestHandler,
  ShellScreen,
  ShellSession,
  ShellWebContents,
  ShellWindow,
  ShellWindowOpenDetails,
  ShellWindowOptions,
} from '../electronApi.ts';

/** Recursively freezes a fixture (STYLE §8) so no test can change what another one sees. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/** Two displays: a 1920×1080 primary with a taskbar, and a 3840×2160 wall monitor to its right. */
export const DISPLAYS: readonly ShellDisplay[] = deepFreeze([
  {
    id: 1,
    label: 'Primary',
    bounds: { x: 0, y: 0, width: 1920, height: 1080 },
    workArea: { x: 0, y: 0, width: 1920, height: 1040 },
  },
  {
    id: 2,
    label: '',
    bounds: { x: 1920, y: 0, width: 3840, height: 2160 },
    workArea: { x: 1920, y: 0, width: 3840, height: 2160 },
  },
]);

type NavigationName = 'will-navigate' | 'will-redirect';

/** A WebContents that records its handlers and lets a test start navigations and window.open calls. */
export class FakeWebContents implements ShellWebContents {
  readonly id: number;
  #windowOpenHandler: ((details: ShellWindowOpenDetails) => { action: 'deny' }) | undefined;
  readonly #listeners = new Map<NavigationName, Array<(event: ShellNavigationEvent) => void>>();

  constructor(id: number) {
    this.id = id;
  }

  setWindowOpenHandler(handler: (details: ShellWindowOpenDetails) => { action: 'deny' }): void {
    this.#windowOpenHandler = handler;
  }

  on(event: NavigationName, listener: (event: ShellNavigationEvent) => void): this {
    const list = this.#listeners.get(event) ?? [];
    list.push(listener);
    this.#listeners.set(event, list);
    return this;
  }

  /** Plays the page navigating (or being redirected) to `url`; true when a listener prevented it. */
  navigate(event: NavigationName, url: string): boolean {
    let prevented = false;
    const details: ShellNavigationEvent = { url, preventDefault: () => void (prevented = true) };
    for (const listener of this.#listeners.get(event) ?? []) listener(details);
    return prevented;
  }

  /** Plays `window.open(url)`; Electron allows it when no handler is set, as this does. */
  windowOpen(url: string): 'allow' | 'deny' {
    return this.#windowOpenHandler?.({ url }).action ?? 'allow';
  }
}

/** A BrowserWindow that records its options, loads and fullscreen state. */
export class FakeWindow implements ShellWindow {
  readonly id: number;
  readonly options: ShellWindowOptions;
  readonly webContents: FakeWebContents;
  readonly loadedUrls: string[] = [];
  /** Errors the next loadURL calls reject with, in order; empty means loads succeed. */
  readonly loadFailures: Error[] = [];
  focusCount = 0;
  #fullScreen: boolean;
  #minimized = false;
  #destroyed = false;
  readonly #closedListeners: Array<() => void> = [];

  constructor(id: number, options: ShellWindowOptions) {
    this.id = id;
    this.options = options;
    this.webContents = new FakeWebContents(100 + id);
    this.#fullScreen = options.fullscreen ?? false;
  }

  loadURL(url: string): Promise<void> {
    this.loadedUrls.push(url);
    const failure = this.loadFailures.shift();
    return failure === undefined ? Promise.resolve() : Promise.reject(failure);
  }
  isDestroyed(): boolean {
    return this.#destroyed;
  }
  isFullScreen(): boolean {
    return this.#fullScreen;
  }
  setFullScreen(flag: boolean): void {
    this.#fullScreen = flag;
  }
  isMinimized(): boolean {
    return this.#minimized;
  }
  minimize(): void {
    this.#minimized = true;
  }
  restore(): void {
    this.#minimized = false;
  }
  focus(): void {
    this.focusCount++;
  }
  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    for (const listener of this.#closedListeners) listener();
  }
  /** Plays the user closing the window (no beforeunload here): destroyed, then 'closed'. */
  close(): void {
    this.destroy();
  }
  on(_event: 'closed', listener: () => void): this {
    this.#closedListeners.push(listener);
    return this;
  }
}

/** ipcMain: keeps one handler per channel (a second handle() throws, as Electron's does). */
export class FakeIpcMain implements ShellIpcMain {
  readonly #handlers = new Map<string, (event: ShellIpcEvent, ...args: unknown[]) => unknown>();

  handle(channel: string, listener: (event: ShellIpcEvent, ...args: unknown[]) => unknown): void {
    if (this.#handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.#handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.#handlers.delete(channel);
  }
  /** The channels with a handler now. */
  get channels(): string[] {
    return [...this.#handlers.keys()];
  }
  /** Plays ipcRenderer.invoke: a throwing handler becomes a rejection, as in Electron. */
  async invoke(channel: string, event: ShellIpcEvent, ...args: unknown[]): Promise<unknown> {
    const handler = this.#handlers.get(channel);
    if (handler === undefined) throw new Error(`No handler registered for '${channel}'`);
    return await handler(event, ...args);
  }
}

/** The default session's permission handlers, callable as Chromium would call them. */
export class FakeSession implements ShellSession {
  requestHandler: ShellPermissionRequestHandler | null = null;
  checkHandler: ShellPermissionCheckHandler | null = null;

  setPermissionRequestHandler(handler: ShellPermissionRequestHandler | null): void {
    this.requestHandler = handler;
  }
  setPermissionCheckHandler(handler: ShellPermissionCheckHandler | null): void {
    this.checkHandler = handler;
  }
  /** Plays a page at `requestingUrl` asking for `permission`; with no handler Electron grants it. */
  request(permission: string, requestingUrl: string): Promise<boolean> {
    const handler = this.requestHandler;
    if (handler === null) return Promise.resolve(true);
    return new Promise((resolve) => handler(null, permission, resolve, { requestingUrl }));
  }
  /** Plays Chromium checking `permission` for `requestingOrigin`; with no handler Electron grants it. */
  check(permission: string, requestingOrigin: string): boolean {
    return this.checkHandler === null ? true : this.checkHandler(null, permission, requestingOrigin);
  }
}

/** `screen` over a fixed list of displays; the first is primary unless told otherwise. */
export class FakeScreen implements ShellScreen {
  displays: readonly ShellDisplay[];
  primaryId: number;

  constructor(displays: readonly ShellDisplay[] = DISPLAYS) {
    this.displays = displays;
    this.primaryId = displays[0]?.id ?? 0;
  }
  getAllDisplays(): ShellDisplay[] {
    return [...this.displays];
  }
  getPrimaryDisplay(): ShellDisplay {
    const primary = this.displays.find((d) => d.id === this.primaryId);
    if (primary === undefined) throw new Error('FakeScreen has no primary display');
    return primary;
  }
}

type AppEvent = 'second-instance' | 'window-all-closed' | 'will-quit';

/** `app`: a lock that is free unless `lockHeldElsewhere`, a ready promise, recorded quits and exits. */
export class FakeApp {
  lockHeldElsewhere = false;
  quitCount = 0;
  exitCode: number | undefined;
  readonly #listeners = new Map<AppEvent, Array<() => void>>();

  requestSingleInstanceLock(): boolean {
    return !this.lockHeldElsewhere;
  }
  whenReady(): Promise<void> {
    return Promise.resolve();
  }
  quit(): void {
    this.quitCount++;
  }
  /** Not in ShellApp: only main.ts calls it (a bad console URL), so the bundle test needs it. */
  exit(code = 0): void {
    this.exitCode = code;
  }
  on(event: AppEvent, listener: () => void): this {
    const list = this.#listeners.get(event) ?? [];
    list.push(listener);
    this.#listeners.set(event, list);
    return this;
  }
  /** Emits an app event to its listeners. */
  emit(event: AppEvent): void {
    for (const listener of this.#listeners.get(event) ?? []) listener();
  }
}

/** The whole fake, shaped as ElectronApi, plus the handles a test inspects. */
export interface FakeElectron extends ElectronApi {
  readonly app: FakeApp;
  readonly screen: FakeScreen;
  readonly session: { readonly defaultSession: FakeSession };
  readonly ipcMain: FakeIpcMain;
  readonly Menu: { setApplicationMenu(menu: null): void; readonly calls: null[] };
  /** Every window constructed, in order, including closed ones. */
  readonly createdWindows: FakeWindow[];
  /** Calls `listener` with each window as it is constructed (e.g. to make its first load fail). */
  onWindow(listener: (window: FakeWindow) => void): void;
}

/** A fresh fake Electron: two displays, no windows, no handlers. */
export function createFakeElectron(displays: readonly ShellDisplay[] = DISPLAYS): FakeElectron {
  const createdWindows: FakeWindow[] = [];
  const windowListeners: Array<(window: FakeWindow) => void> = [];
  let nextId = 1;
  const BrowserWindow = class extends FakeWindow {
    constructor(options: ShellWindowOptions) {
      super(nextId++, options);
      createdWindows.push(this);
      for (const listener of windowListeners) listener(this);
    }
  };
  const menuCalls: null[] = [];
  return {
    app: new FakeApp(),
    BrowserWindow,
    screen: new FakeScreen(displays),
    session: { defaultSession: new FakeSession() },
    ipcMain: new FakeIpcMain(),
    Menu: { setApplicationMenu: (menu: null) => void menuCalls.push(menu), calls: menuCalls },
    createdWindows,
    onWindow: (listener) => void windowListeners.push(listener),
  };
}

/** An IPC event as the console page at `origin` would send it from window `window`. */
export function ipcEventFrom(window: FakeWindow, origin: string | null): ShellIpcEvent {
  return { senderFrame: origin === null ? null : { origin }, sender: { id: window.webContents.id } };
}
