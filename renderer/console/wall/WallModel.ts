import type { FeedInfo } from '../../../protocol/media.ts';
import { Store } from '../../lib/store.ts';
import { subtreeIds } from '../courts/courtTree.ts';
import type { OverviewState } from '../courts/CourtOverviewModel.ts';
import type { Keep, Layout } from '../layout/Layout.ts';
import { nextPage, pageCount, patrolOrder, patrolPool, patrolSlots, showPage, type PatrolInterval } from './patrol.ts';
import { decodeWall, encodeWall, wallKey, type WallSaved } from './wallSaved.ts';
import * as slots from './wallLayout.ts';
import type { LayoutSize, Slot } from './wallLayout.ts';

/** What the wall reads from the console: its feeds, the drill-down scope, the court tree, the map's 查看视频. */
export interface WallModelOptions {
  feeds: Store<readonly FeedInfo[]>;
  scope: Store<string | null>;
  courts: Store<OverviewState>;
  layout: Pick<Layout, 'page' | 'wallFocus'>;
  keep: Keep;
  userId: string;
}

/** Patrol under way: page `page` (0-based) of `pages`, the next turn at `nextAt` (epoch ms; null while held by a focus). */
export interface PatrolState {
  page: number;
  pages: number;
  nextAt: number | null;
}

/** A line the toolbar shows for a while: a team with no feed yet, or no slot left to put it in. */
export type WallNotice = { kind: 'teamNoFeed'; teamId: string } | { kind: 'allPinned' };

const NOTICE_MS = 6_000;
const FLASH_MS = 3_000;
/** How long 查看视频 of a team without a feed waits for its camera to come on. */
const PENDING_MS = 60_000;

/**
 * The wall outside React: the layout, what each slot shows, pins, focus and patrol; saved per user
 * and page on every change. Feeds it places are the console's feeds narrowed to the drill-down scope.
 */
export class WallModel {
  /** Layout, slots and patrol settings: what is saved. */
  readonly state: Store<WallSaved>;
  /** The video feeds in scope, in patrol order: the 在线画面 list. */
  readonly live = new Store<readonly FeedInfo[]>([]);
  /** The slot shown full size, or null. */
  readonly focus = new Store<number | null>(null);
  readonly patrol = new Store<PatrolState | null>(null);
  readonly notice = new Store<WallNotice | null>(null);
  /** Slots just filled by 查看视频 or pointed at by a click, highlighted for a moment. */
  readonly flash = new Store<readonly number[]>([]);
  readonly #o: WallModelOptions;
  readonly #key: string;
  readonly #seen = new Set<string>();
  readonly #unsubscribe: (() => void)[] = [];
  #pending: { teamId: string; until: number } | null = null;
  #patrolTimer: ReturnType<typeof setTimeout> | undefined;
  #noticeTimer: ReturnType<typeof setTimeout> | undefined;
  #flashTimer: ReturnType<typeof setTimeout> | undefined;
  #closed = false;

  constructor(o: WallModelOptions) {
    this.#o = o;
    this.#key = wallKey(o.userId, o.layout.page);
    this.state = new Store(decodeWall(o.keep.get(this.#key)));
    this.#unsubscribe.push(
      this.state.subscribe(() => o.keep.set(this.#key, encodeWall(this.state.get()))),
      o.feeds.subscribe(() => this.#feedsChanged()),
      o.scope.subscribe(() => this.#feedsChanged()),
      o.courts.subscribe(() => this.#feedsChanged()),
      o.layout.wallFocus.subscribe(() => this.#takeFocusRequest()),
    );
    this.#feedsChanged();
    this.#takeFocusRequest();
    if (this.state.get().patrol.on) this.#turn(0);
  }

  setSize(size: LayoutSize): void {
    this.#set({ size });
    const f = this.focus.get();
    if (f !== null && f >= size) this.focus.set(null);
    this.#repatrol();
  }

  /** A click in 在线画面: the first empty (else unpinned) slot; a feed already on the wall is pointed at, not moved. */
  placeFeed(feedId: string, at?: number): void {
    const feed = this.live.get().find((f) => f.feedId === feedId);
    if (!feed) return;
    const { slots: current, size } = this.state.get();
    const where = slots.slotOf(current, slots.feedKey(feed));
    if (at === undefined && where >= 0 && where < size) return this.#flash([where]);
    const target = at ?? slots.clickTarget(current, size);
    if (target < 0) return this.#say({ kind: 'allPinned' });
    this.#setSlots(slots.place(current, target, slots.slotFeed(feed)));
    this.#flash([target]);
  }

  /** A team dropped on slot `at`: its video feeds from there on. */
  placeTeam(teamId: string, at: number): void {
    const feeds = this.#teamFeeds(teamId);
    if (feeds.length === 0) return this.#say({ kind: 'teamNoFeed', teamId });
    const { slots: current, size } = this.state.get();
    const { slots: next, placed } = slots.placeMany(current, size, at, feeds.map(slots.slotFeed));
    this.#setSlots(next);
    this.#flash(placed);
  }

  /** 查看视频: the team's feeds into the first unpinned slots, full size when it has one; waits a minute for a team with none. */
  showTeam(teamId: string): void {
    const feeds = this.#teamFeeds(teamId);
    if (feeds.length === 0) {
      this.#pending = { teamId, until: Date.now() + PENDING_MS };
      return this.#say({ kind: 'teamNoFeed', teamId });
    }
    this.#pending = null;
    const { slots: current, size } = this.state.get();
    const first = patrolSlots(current, size)[0];
    // Everything visible is pinned: point at the team's feeds if they are up already.
    if (first === undefined) {
      const at = feeds.map((f) => slots.slotOf(current, slots.feedKey(f))).filter((i) => i >= 0 && i < size);
      return at.length > 0 ? this.#flash(at) : this.#say({ kind: 'allPinned' });
    }
    const { slots: next, placed } = slots.placeMany(current, size, first, feeds.map(slots.slotFeed));
    this.#setSlots(next);
    this.#flash(placed);
    this.focus.set(placed.length === 1 ? (placed[0] ?? null) : null);
    // Patrol would turn the page on them at any moment: they get a full interval first.
    const p = this.patrol.get();
    if (p) this.#schedule(p.page, p.pages);
  }

  swap(a: number, b: number): void {
    this.#setSlots(slots.swap(this.state.get().slots, a, b));
  }

  clear(at: number): void {
    if (this.focus.get() === at) this.focus.set(null);
    this.#setSlots(slots.clear(this.state.get().slots, at));
  }

  togglePin(at: number): void {
    this.#setSlots(slots.togglePin(this.state.get().slots, at));
    this.#repatrol();
  }

  /** Double-click: the slot full size, or back to the grid when it already is. */
  toggleFocus(at: number): void {
    const { slots: current, size } = this.state.get();
    if (this.focus.get() === at || at >= size || !current[at]?.feed) return this.unfocus();
    this.focus.set(at);
  }

  unfocus(): void {
    this.focus.set(null);
  }

  setPatrol(on: boolean): void {
    this.#set({ patrol: { ...this.state.get().patrol, on } });
    if (on) this.#turn(0);
    else this.#stopPatrol();
  }

  setPatrolInterval(intervalS: PatrolInterval): void {
    this.#set({ patrol: { ...this.state.get().patrol, intervalS } });
    const p = this.patrol.get();
    if (p) this.#schedule(p.page, p.pages);
  }

  /** Stops the timers and lets go of the console's stores. Safe to call twice. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const off of this.#unsubscribe) off();
    clearTimeout(this.#patrolTimer);
    clearTimeout(this.#noticeTimer);
    clearTimeout(this.#flashTimer);
  }

  #teamFeeds(teamId: string): FeedInfo[] {
    return this.live.get().filter((f) => f.teamId === teamId);
  }

  #set(part: Partial<WallSaved>): void {
    this.state.set({ ...this.state.get(), ...part });
  }

  #setSlots(next: Slot[]): void {
    // A placement or swap during patrol stays until the next turn; pins and layouts re-lay the page now.
    if (!slots.sameSlots(next, this.state.get().slots)) this.#set({ slots: next });
  }

  #feedsChanged(): void {
    const courts = this.#o.courts.get();
    const scope = this.#o.scope.get();
    const subtree = scope && courts.kind === 'ready' ? subtreeIds(courts.courts, scope) : null;
    const live = this.#o.feeds.get().filter((f) => f.kind === 'video' && (subtree === null || subtree.has(f.courtId)));
    live.sort(patrolOrder);
    const prev = this.live.get();
    if (prev.length === live.length && prev.every((f, i) => f === live[i])) return;
    this.live.set(live);
    const arrivals = live.filter((f) => !this.#seen.has(f.feedId));
    for (const f of live) this.#seen.add(f.feedId);
    const pending = this.#pending;
    if (pending && Date.now() > pending.until) this.#pending = null;
    else if (pending && this.#teamFeeds(pending.teamId).length > 0) this.showTeam(pending.teamId);
    const p = this.patrol.get();
    const { slots: current, size } = this.state.get();
    if (p) {
      // Patrol owns the unpinned slots: new feeds wait for their page, the page count follows the pool.
      // Only a page that shows nothing (patrol restored before the feeds arrived) is filled at once.
      const free = patrolSlots(current, size);
      const pages = pageCount(patrolPool(live, current, size).length, free.length);
      if (free.every((i) => !current[i]?.feed) && live.length > 0) this.#repatrol();
      else if (pages !== p.pages) this.patrol.set({ ...p, pages, page: Math.min(p.page, Math.max(0, pages - 1)) });
    } else if (arrivals.length > 0) {
      this.#setSlots(slots.autoFill(current, size, arrivals.map(slots.slotFeed)));
    }
  }

  #takeFocusRequest(): void {
    const request = this.#o.layout.wallFocus.get();
    if (!request) return;
    this.#o.layout.wallFocus.set(null);
    this.showTeam(request.teamId);
  }

  /** Shows patrol page `page` now and schedules the next turn. */
  #turn(page: number): void {
    const { slots: current, size } = this.state.get();
    const shown = showPage(current, size, patrolPool(this.live.get(), current, size), page);
    if (!slots.sameSlots(shown.slots, current)) this.#set({ slots: shown.slots });
    this.#schedule(shown.at.page, shown.at.pages);
  }

  #schedule(page: number, pages: number): void {
    clearTimeout(this.#patrolTimer);
    if (this.#closed) return;
    const ms = this.state.get().patrol.intervalS * 1000;
    this.patrol.set({ page, pages, nextAt: Date.now() + ms });
    this.#patrolTimer = setTimeout(() => {
      // A focused feed is being looked at: hold the page until the grid is back.
      if (this.focus.get() !== null) return this.#schedule(page, pages);
      const p = this.patrol.get();
      this.#turn(nextPage(p?.page ?? page, p?.pages ?? pages));
    }, ms);
  }

  /** After a pin, a placement or a new layout: patrol shows its current page again on the slots it now has. */
  #repatrol(): void {
    const p = this.patrol.get();
    if (!p) return;
    const { slots: current, size } = this.state.get();
    const shown = showPage(current, size, patrolPool(this.live.get(), current, size), p.page);
    if (!slots.sameSlots(shown.slots, current)) this.#set({ slots: shown.slots });
    this.patrol.set({ ...p, page: shown.at.page, pages: shown.at.pages });
  }

  #stopPatrol(): void {
    clearTimeout(this.#patrolTimer);
    this.patrol.set(null);
  }

  #say(notice: WallNotice): void {
    clearTimeout(this.#noticeTimer);
    this.notice.set(notice);
    this.#noticeTimer = setTimeout(() => this.notice.set(null), NOTICE_MS);
  }

  #flash(at: number[]): void {
    clearTimeout(this.#flashTimer);
    this.flash.set(at);
    this.#flashTimer = setTimeout(() => this.flash.set([]), FLASH_MS);
  }
}
