import type { FeedInfo } from '../../../protocol/media.ts';
import { EMPTY_SLOT, feedKey, place, slotFeed, type LayoutSize, type Slot } from './wallLayout.ts';

// 视频巡检: the unpinned visible slots show the feeds in scope a page at a time, turning the page
// every interval. Pure: the model owns the timer and calls these.

/** Intervals the toolbar offers, in seconds. */
export const PATROL_INTERVALS = [10, 30, 60] as const;
export type PatrolInterval = (typeof PATROL_INTERVALS)[number];

/** Where patrol stands: page `page` (0-based) of `pages`. */
export interface PatrolPage {
  page: number;
  pages: number;
}

const collator = new Intl.Collator('zh-CN');

/** The order patrol walks the feeds: by court, team, officer, then terminal, so pages stay put while feeds come and go. */
export function patrolOrder(a: FeedInfo, b: FeedInfo): number {
  return (
    collator.compare(a.courtName, b.courtName) ||
    collator.compare(a.teamName ?? '', b.teamName ?? '') ||
    collator.compare(a.officer, b.officer) ||
    collator.compare(a.terminalId, b.terminalId)
  );
}

/** The visible slots patrol may change: those not pinned. */
export function patrolSlots(slots: readonly Slot[], size: LayoutSize): number[] {
  const out: number[] = [];
  for (let i = 0; i < size; i++) if (!slots[i]?.pinned) out.push(i);
  return out;
}

/** The video feeds patrol walks: every one in scope, except those a visible pinned slot already shows (once on the wall is enough). */
export function patrolPool(feeds: readonly FeedInfo[], slots: readonly Slot[], size: LayoutSize): FeedInfo[] {
  const pinned = new Set<string>();
  for (let i = 0; i < size; i++) {
    const s = slots[i];
    if (s?.pinned && s.feed) pinned.add(feedKey(s.feed));
  }
  const seen = new Set<string>();
  const pool: FeedInfo[] = [];
  for (const f of [...feeds].sort(patrolOrder)) {
    const k = feedKey(f);
    if (f.kind !== 'video' || pinned.has(k) || seen.has(k)) continue;
    seen.add(k);
    pool.push(f);
  }
  return pool;
}

/** How many pages `poolSize` feeds fill on `slotCount` slots (at least 1; 0 when there is no slot to patrol). */
export function pageCount(poolSize: number, slotCount: number): number {
  if (slotCount <= 0) return 0;
  return Math.max(1, Math.ceil(poolSize / slotCount));
}

/** The page after `page`, wrapping; a page past a shrunken pool starts over. */
export function nextPage(page: number, pages: number): number {
  return pages <= 0 ? 0 : (page + 1) % pages;
}

/**
 * The slots with page `page` shown: the n-th unpinned visible slot gets the n-th feed of the page,
 * and slots past the pool's end are emptied. Pinned and hidden slots are left alone, except that a
 * feed patrol brings up leaves the hidden slot it held (a feed shows once).
 */
export function showPage(slots: readonly Slot[], size: LayoutSize, pool: readonly FeedInfo[], page: number): { slots: Slot[]; at: PatrolPage } {
  const free = patrolSlots(slots, size);
  const pages = pageCount(pool.length, free.length);
  const p = pages === 0 ? 0 : Math.min(Math.max(0, page), pages - 1);
  let next = [...slots];
  const onPage = pool.slice(p * free.length, (p + 1) * free.length);
  // Clear first, so a feed moving from one patrolled slot to another is not dropped by place().
  for (const i of free) next[i] = EMPTY_SLOT;
  onPage.forEach((f, n) => {
    const at = free[n];
    if (at !== undefined) next = place(next, at, slotFeed(f));
  });
  return { slots: next, at: { page: p, pages } };
}
