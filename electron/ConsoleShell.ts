import type { ConsoleView, DisplayInfo } from '../protocol/ipc.ts';
import type { ShellDisplay, ShellElectron, ShellNavigationEvent, ShellRectangle, ShellWindow, ShellWindowOptions } from './electronApi.ts';
import { ConsoleUrlError, InvalidStateError, UnknownDisplayError } from './errors.ts';
import { handle } from './ipc.ts';

/** What the shell needs: the Electron subset, the server's console URL, and the bundled preload. */
export interface ConsoleShellOptions {
  readonly electron: ShellElectron;
  /** `http://127.0.0.1:8600/console`: its origin is the only one the windows trust. */
  readonly consoleUrl: URL;
  /** Absolute path of dist/electron/preload.cjs. */
  readonly preloadPath: string;
  /** Wait before loading again when the server did not answer (it may start after the shell). */
  readonly retryDelayMs?: number;
  /** Where load failures are reported; console.error by default. */
  readonly log?: (message: string) => void;
}

/** One window the shell owns, and where it was asked to be. */
interface OwnedWindow {
  readonly window: ShellWindow;
  readonly displayId: number;
  readonly view: ConsoleView;
}

/** Permissions the console may have: cameras/microphones for talkback, and fullscreen for the wall. */
const GRANTED_PERMISSIONS: ReadonlySet<string> = new Set(['media', 'fullscreen']);

/**
 * The main-process side of the console: owns its windows (one per display and view), and holds the
 * security policy of Electron `security.md`: sandboxed isolated renderers, navigation, window.open
 * and permissions all limited to the server's origin, and the IPC handlers behind ipc.ts's guards.
 */
export class ConsoleShell {
  readonly #electron: ShellElectron;
  readonly #consoleUrl: URL;
  readonly #origin: string;
  readonly #preloadPath: string;
  readonly #retryDelayMs: number;
  readonly #log: (message: string) => void;
  readonly #windows = new Map<number, OwnedWindow>();
  readonly #retries = new Map<number, ReturnType<typeof setTimeout>>();
  readonly #unregister: Array<() => void> = [];
  #mainWindow: ShellWindow | undefined;
  #started = false;
  #closed = false;

  constructor(options: ConsoleShellOptions) {
    this.#electron = options.electron;
    this.#consoleUrl = new URL(options.consoleUrl);
    // An opaque origin ('null') would make every origin check compare against a value no frame trusts.
    if (this.#consoleUrl.origin === 'null') throw new ConsoleUrlError('consoleUrl', `has no origin: ${this.#consoleUrl.href}`);
    this.#origin = this.#consoleUrl.origin;
    this.#preloadPath = options.preloadPath;
    this.#retryDelayMs = options.retryDelayMs ?? 2_000;
    this.#log = options.log ?? ((message) => console.error(message));
  }

  /** The server origin every window, frame, navigation and permission is checked against. */
  get origin(): string {
    return this.#origin;
  }

  /** True once close() ran. */
  get closed(): boolean {
    return this.#closed;
  }

  /** The windows the shell owns now (closed ones are dropped). */
  get windows(): readonly ShellWindow[] {
    return [...this.#windows.values()].map((owned) => owned.window);
  }

  /** Installs the permission policy and IPC handlers, then opens the console on the primary display. */
  start(): ShellWindow {
    if (this.#closed) throw new InvalidStateError('ConsoleShell closed');
    if (this.#started) throw new InvalidStateError('ConsoleShell already started');
    this.#started = true;
    this.#installPermissionPolicy();
    const scope = { ipcMain: this.#electron.ipcMain, appOrigin: this.#origin };
    this.#unregister.push(
      handle(scope, 'displays:list', () => this.listDisplays()),
      handle(scope, 'window:open-on-display', (_context, displayId, view) => {
        this.openOnDisplay(displayId, view);
      }),
      handle(scope, 'window:toggle-fullscreen', (context) => this.toggleFullscreen(context.senderId)),
    );
    const primary = this.#electron.screen.getPrimaryDisplay();
    this.#mainWindow = this.openOnDisplay(primary.id, 'console');
    return this.#mainWindow;
  }

  /** The displays, as the renderer sees them (integer bounds, a label even where the OS gives none). */
  listDisplays(): DisplayInfo[] {
    const primaryId = this.#electron.screen.getPrimaryDisplay().id;
    return this.#electron.screen.getAllDisplays().map((d, i) => ({
      id: d.id,
      label: d.label || `显示器 ${i + 1}`,
      bounds: roundRect(d.bounds),
      primary: d.id === primaryId,
    }));
  }

  /**
   * Opens `view` on display `displayId` (a wall view fullscreen over the display's bounds, a console
   * over its work area), or focuses the window already showing that view there.
   */
  openOnDisplay(displayId: number, view: ConsoleView): ShellWindow {
    if (this.#closed) throw new InvalidStateError('ConsoleShell closed');
    const display = this.#findDisplay(displayId);
    for (const owned of this.#windows.values()) {
      if (owned.displayId === displayId && owned.view === view) {
        owned.window.focus();
        return owned.window;
      }
    }
    const area = view === 'wall' ? display.bounds : display.workArea;
    const window = new this.#electron.BrowserWindow(windowOptions(roundRect(area), view, this.#preloadPath));
    const owned: OwnedWindow = { window, displayId, view };
    this.#windows.set(window.id, owned);
    window.on('closed', () => this.#windowClosed(owned));
    this.#confine(window);
    this.#load(window, viewUrl(this.#consoleUrl, view));
    return window;
  }

  /** Flips fullscreen on the window whose page sent the request; returns the state asked for. */
  toggleFullscreen(webContentsId: number): boolean {
    if (this.#closed) throw new InvalidStateError('ConsoleShell closed');
    const owned = [...this.#windows.values()].find((o) => o.window.webContents.id === webContentsId);
    if (owned === undefined) throw new InvalidStateError(`No console window for WebContents ${webContentsId}`);
    // Linux window managers apply fullscreen asynchronously, so isFullScreen() may lag: report the request.
    const next = !owned.window.isFullScreen();
    owned.window.setFullScreen(next);
    return next;
  }

  /** Brings the main console window forward (a second instance was started). */
  focus(): void {
    const main = this.#mainWindow;
    if (main === undefined || main.isDestroyed()) return;
    if (main.isMinimized()) main.restore();
    main.focus();
  }

  /** Unregisters the IPC handlers and destroys every window it owns; does nothing the second time. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const unregister of this.#unregister.splice(0)) unregister();
    for (const timer of this.#retries.values()) clearTimeout(timer);
    this.#retries.clear();
    const owned = [...this.#windows.values()];
    this.#windows.clear();
    // destroy(), not close(): a page's beforeunload must not keep a window alive after its owner is gone.
    for (const { window } of owned) if (!window.isDestroyed()) window.destroy();
  }

  #findDisplay(displayId: number): ShellDisplay {
    const display = this.#electron.screen.getAllDisplays().find((d) => d.id === displayId);
    if (display === undefined) throw new UnknownDisplayError(displayId);
    return display;
  }

  #windowClosed(owned: OwnedWindow): void {
    const id = owned.window.id;
    this.#windows.delete(id);
    const timer = this.#retries.get(id);
    if (timer !== undefined) clearTimeout(timer);
    this.#retries.delete(id);
    // The wall windows are driven from the main console; without it nobody could close or steer them.
    if (owned.window === this.#mainWindow) this.close();
  }

  /** Keeps a window on the server's origin: no window.open, no navigation or redirect elsewhere. */
  #confine(window: ShellWindow): void {
    const contents = window.webContents;
    // New windows come only from openOnDisplay(); window.open would escape the display layout and the policy.
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    const guard = (event: ShellNavigationEvent) => {
      if (!this.#isAppUrl(event.url)) event.preventDefault();
    };
    contents.on('will-navigate', guard);
    contents.on('will-redirect', guard);
  }

  #installPermissionPolicy(): void {
    // Electron grants every permission when no handler is set (security.md #5): both handlers are required.
    const session = this.#electron.session.defaultSession;
    session.setPermissionRequestHandler((_contents, permission, callback, details) => {
      callback(this.#mayUse(permission, details.requestingUrl));
    });
    session.setPermissionCheckHandler((_contents, permission, requestingOrigin) => this.#mayUse(permission, requestingOrigin));
  }

  #mayUse(permission: string, requestingUrl: string): boolean {
    // After close() the handlers stay installed (null would restore Electron's allow-all default) and deny.
    return !this.#closed && GRANTED_PERMISSIONS.has(permission) && this.#isAppUrl(requestingUrl);
  }

  #isAppUrl(url: string): boolean {
    return URL.parse(url)?.origin === this.#origin;
  }

  #load(window: ShellWindow, url: string): void {
    window.loadURL(url).catch((err: unknown) => {
      if (this.#closed || window.isDestroyed()) return;
      // ERR_ABORTED: this load was superseded by another navigation (a redirect, the page itself): not a failure.
      if (errorCode(err) === 'ERR_ABORTED') return;
      this.#log(`console: loading ${url} failed (${describe(err)}); retrying in ${this.#retryDelayMs} ms`);
      const id = window.id;
      this.#retries.set(
        id,
        setTimeout(() => {
          this.#retries.delete(id);
          if (!this.#closed && !window.isDestroyed()) this.#load(window, url);
        }, this.#retryDelayMs),
      );
    });
  }
}

/** The secure window options (Electron security.md #2-#4, #12): isolated, sandboxed, no Node in pages. */
function windowOptions(area: ShellRectangle, view: ConsoleView, preload: string): ShellWindowOptions {
  return {
    ...area,
    fullscreen: view === 'wall',
    title: '执行指挥中心',
    backgroundColor: '#0b1220',
    autoHideMenuBar: true,
    show: true,
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      // Wall windows are rarely focused; throttled timers would stall their video tiles.
      backgroundThrottling: false,
    },
  };
}

/** The URL of `view`: the console URL itself, or with `?view=wall` for a video wall. */
export function viewUrl(consoleUrl: URL, view: ConsoleView): string {
  const url = new URL(consoleUrl);
  if (view === 'wall') url.searchParams.set('view', 'wall');
  else url.searchParams.delete('view');
  return url.href;
}

function roundRect(r: ShellRectangle): { x: number; y: number; width: number; height: number } {
  return { x: Math.round(r.x), y: Math.round(r.y), width: Math.round(r.width), height: Math.round(r.height) };
}

function errorCode(err: unknown): unknown {
  return typeof err === 'object' && err !== null && 'code' in err ? err.code : undefined;
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
