import { Store } from '../../lib/store.ts';

/** The console's centre: the map, the video wall, or both side by side. */
export type CentreView = 'map' | 'wall' | 'both';
/** Which page this is: the full console, or one of the single-panel pages for extra monitors. */
export type PageView = 'console' | 'wall' | 'map';

const CENTRE_KEY = 'cc.centre';
const SCALE_KEY = (view: PageView) => `cc.uiScale.${view}`;
export const MIN_SCALE = 0.7;
export const MAX_SCALE = 2.6;

/** 查看视频's request to the wall: bring this team's feeds forward. */
export interface WallFocus {
  teamId: string;
}

/** What the machine keeps between sessions (localStorage, or nothing where it is unavailable). */
export interface Keep {
  get(key: string): string | null;
  set(key: string, value: string): void;
}

export const browserKeep: Keep = {
  get: (key) => {
    try {
      return window.localStorage.getItem(key);
    } catch {
      // Storage off (a locked-down kiosk profile): defaults every time.
      return null;
    }
  },
  set: (key, value) => {
    try {
      window.localStorage.setItem(key, value);
    } catch {
      // As above: the choice lasts until the page reloads.
    }
  },
};

/**
 * The UI scale a screen gets by default: 1 at 1920×1080, 2 at 3840×2160 (read from metres away),
 * less on a small desk screen so the three columns and the composer fit (1366×768 → 0.75).
 */
export function defaultScale(width: number, height: number): number {
  const s = Math.min(width / 1920, height / 1080);
  return clampScale(Math.round(s * 20) / 20);
}

export function clampScale(s: number): number {
  return Math.min(MAX_SCALE, Math.max(MIN_SCALE, Number.isFinite(s) ? s : 1));
}

/** The console's layout outside React: centre view, UI scale per page, and what the wall should bring forward. */
export class Layout {
  readonly page: PageView;
  readonly centre: Store<CentreView>;
  /** The UI scale of this page (root font size × scale). */
  readonly scale: Store<number>;
  /** The team whose feeds the wall brings forward after 查看视频, until the wall takes the request; null: none. */
  readonly wallFocus = new Store<WallFocus | null>(null);
  readonly #keep: Keep;

  constructor(page: PageView, screen: { width: number; height: number }, keep: Keep = browserKeep) {
    this.page = page;
    this.#keep = keep;
    const centre = keep.get(CENTRE_KEY);
    this.centre = new Store<CentreView>(centre === 'map' || centre === 'wall' || centre === 'both' ? centre : 'both');
    const kept = Number(keep.get(SCALE_KEY(page)));
    this.scale = new Store(kept > 0 ? clampScale(kept) : defaultScale(screen.width, screen.height));
  }

  setCentre(view: CentreView): void {
    this.centre.set(view);
    this.#keep.set(CENTRE_KEY, view);
  }

  setScale(scale: number): void {
    const s = clampScale(Math.round(scale * 20) / 20);
    this.scale.set(s);
    this.#keep.set(SCALE_KEY(this.page), String(s));
  }

  /** 查看视频 from the map: the wall shows (beside the map) with the team's feeds in its first slots. */
  showVideo(teamId: string): void {
    // A new object each time: asking again for the same team brings its feeds forward again.
    this.wallFocus.set({ teamId });
    if (this.page === 'console' && this.centre.get() === 'map') this.setCentre('both');
  }
}
