import type { FeedInfo } from '../../../protocol/media.ts';

// The wall's slots as plain data: which feed each position holds and whether it is pinned. Pure
// functions, each returning a new state (never mutating), so the model can diff and save them.

/** The grids the toolbar offers: 1, 2×2 … 6×6 tiles. */
export const LAYOUT_SIZES = [1, 4, 9, 16, 25, 36] as const;
export type LayoutSize = (typeof LAYOUT_SIZES)[number];
/** Slots kept whatever the layout: a smaller grid hides the positions beyond it, a larger one shows them again. */
export const SLOT_COUNT = 36;

/**
 * What a slot remembers of its feed: the terminal and team that identify it across a republish (a
 * new feedId), and the labels to show while it is offline.
 */
export interface SlotFeed {
  terminalId: string;
  teamId: string | null;
  teamName: string | null;
  officer: string;
  courtName: string;
  label: string;
}

/** One position on the wall. A pinned slot keeps its feed through patrol and auto-fill. */
export interface Slot {
  feed: SlotFeed | null;
  pinned: boolean;
}

export const EMPTY_SLOT: Slot = Object.freeze({ feed: null, pinned: false });

/** The feed's identity on the wall: the same terminal in the same team is the same feed. */
export function feedKey(f: { terminalId: string; teamId: string | null }): string {
  return `${f.terminalId}/${f.teamId ?? '-'}`;
}

/** What a slot keeps of a live feed. */
export function slotFeed(f: FeedInfo): SlotFeed {
  return { terminalId: f.terminalId, teamId: f.teamId, teamName: f.teamName, officer: f.officer, courtName: f.courtName, label: f.label };
}

export function emptySlots(): Slot[] {
  return Array.from({ length: SLOT_COUNT }, () => EMPTY_SLOT);
}

/** The live feed each slot shows (null: empty, or its feed is offline or out of scope). */
export function resolveSlots(slots: readonly Slot[], feeds: readonly FeedInfo[]): (FeedInfo | null)[] {
  const byKey = new Map<string, FeedInfo>();
  for (const f of feeds) {
    if (f.kind !== 'video') continue;
    const k = feedKey(f);
    const prev = byKey.get(k);
    // A terminal publishes one camera; during a republish the newer feed is the one that will live.
    if (!prev || prev.startedAt < f.startedAt) byKey.set(k, f);
  }
  return slots.map((s) => (s.feed ? (byKey.get(feedKey(s.feed)) ?? null) : null));
}

/** Where the feed with `key` sits, or -1. */
export function slotOf(slots: readonly Slot[], key: string): number {
  return slots.findIndex((s) => s.feed !== null && feedKey(s.feed) === key);
}

/** The first visible empty slot, or -1. */
export function firstEmpty(slots: readonly Slot[], size: LayoutSize): number {
  for (let i = 0; i < size; i++) if (!slots[i]?.feed) return i;
  return -1;
}

/** Where a click puts a feed: the first visible empty slot, else the first visible unpinned one; -1 when all are pinned. */
export function clickTarget(slots: readonly Slot[], size: LayoutSize): number {
  const empty = firstEmpty(slots, size);
  if (empty >= 0) return empty;
  for (let i = 0; i < size; i++) if (!slots[i]?.pinned) return i;
  return -1;
}

/**
 * Puts `feed` in slot `at`. A feed already on the wall changes places with what `at` held (pins go
 * with their feeds), so it shows once and nothing is lost; otherwise it replaces `at`'s feed and the
 * slot keeps its pin (an explicit placement may replace a pinned feed).
 */
export function place(slots: readonly Slot[], at: number, feed: SlotFeed): Slot[] {
  if (at < 0 || at >= SLOT_COUNT) throw new RangeError(`slot ${at} is outside the wall`);
  const from = slotOf(slots, feedKey(feed));
  const next = [...slots];
  const there = slots[at] ?? EMPTY_SLOT;
  if (from >= 0 && from !== at) {
    next[from] = there;
    next[at] = { feed, pinned: slots[from]?.pinned ?? false };
  } else {
    next[at] = { feed, pinned: there.pinned };
  }
  return next;
}

/** Empties slot `at` (its pin goes with its feed). */
export function clear(slots: readonly Slot[], at: number): Slot[] {
  return slots.map((s, i) => (i === at ? EMPTY_SLOT : s));
}

/** Swaps two slots, each feed taking its pin along. */
export function swap(slots: readonly Slot[], a: number, b: number): Slot[] {
  if (a === b) return [...slots];
  const next = [...slots];
  next[a] = slots[b] ?? EMPTY_SLOT;
  next[b] = slots[a] ?? EMPTY_SLOT;
  return next;
}

/** Pins or unpins slot `at`; an empty slot has nothing to pin. */
export function togglePin(slots: readonly Slot[], at: number): Slot[] {
  return slots.map((s, i) => (i === at && s.feed ? { feed: s.feed, pinned: !s.pinned } : s));
}

/**
 * Puts several feeds (a team's) from slot `at` onwards: the first in `at` whatever it holds, the rest
 * in the following visible slots that are not pinned (wrapping round). A feed already on the wall
 * changes places with what it lands on; a feed pushed aside by a newcomer goes to the first empty
 * visible slot, if there is one. Returns the new slots and where each feed went.
 */
export function placeMany(slots: readonly Slot[], size: LayoutSize, at: number, feeds: readonly SlotFeed[]): { slots: Slot[]; placed: number[] } {
  let next = [...slots];
  const placed: number[] = [];
  const taken = new Set<number>();
  for (const [n, feed] of feeds.entries()) {
    let target = n === 0 ? at : -1;
    for (let step = 1; target < 0 && step < size; step++) {
      const i = (at + step) % size;
      if (!taken.has(i) && !next[i]?.pinned) target = i;
    }
    if (target < 0) break; // every other visible slot is pinned: the rest stay off the wall
    const bumped = slotOf(next, feedKey(feed)) < 0 ? (next[target]?.feed ?? null) : null;
    next = place(next, target, feed);
    taken.add(target);
    placed.push(target);
    if (bumped) {
      const free = firstEmpty(next, size);
      if (free >= 0 && !taken.has(free)) next[free] = { feed: bumped, pinned: false };
    }
  }
  return { slots: next, placed };
}

/**
 * Auto-fill: feeds that just came online and are not on the wall go into the visible empty slots,
 * in order. Never touches a slot that holds something (pinned or not, live or offline).
 */
export function autoFill(slots: readonly Slot[], size: LayoutSize, arrivals: readonly SlotFeed[]): Slot[] {
  let next = [...slots];
  for (const feed of arrivals) {
    if (slotOf(next, feedKey(feed)) >= 0) continue;
    const i = firstEmpty(next, size);
    if (i < 0) break;
    next = place(next, i, feed);
  }
  return next;
}

/** Whether two slot lists hold the same feeds and pins. */
export function sameSlots(a: readonly Slot[], b: readonly Slot[]): boolean {
  return a.length === b.length && a.every((s, i) => {
    const o = b[i];
    if (!o || s.pinned !== o.pinned) return false;
    return s.feed === o.feed || (s.feed !== null && o.feed !== null && feedKey(s.feed) === feedKey(o.feed));
  });
}
