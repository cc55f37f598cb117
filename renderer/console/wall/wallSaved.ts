import { PATROL_INTERVALS, type PatrolInterval } from './patrol.ts';
import { EMPTY_SLOT, LAYOUT_SIZES, SLOT_COUNT, emptySlots, feedKey, type LayoutSize, type Slot, type SlotFeed } from './wallLayout.ts';

// A user's wall as kept in localStorage. What comes back is read field by field: another version of
// the app, a hand edit or a half-written value must give the default wall, never a broken page.

/** What is saved and restored: layout, slots (by terminal and team), pins, patrol. */
export interface WallSaved {
  size: LayoutSize;
  slots: readonly Slot[];
  patrol: { on: boolean; intervalS: PatrolInterval };
}

const VERSION = 1;
const MAX_TEXT = 80;

/** The storage key of one user's wall on one page (the console's own wall and a wall monitor differ). */
export function wallKey(userId: string, page: string): string {
  return `cc.wall.${userId}.${page}`;
}

export function defaultWall(): WallSaved {
  return { size: 4, slots: emptySlots(), patrol: { on: false, intervalS: 30 } };
}

export function encodeWall(w: WallSaved): string {
  return JSON.stringify({ v: VERSION, size: w.size, slots: w.slots.map((s) => (s.feed ? { ...s.feed, pinned: s.pinned } : null)), patrol: w.patrol });
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string | null => (typeof v === 'string' && v.length <= MAX_TEXT ? v : null);

function isLayoutSize(v: unknown): v is LayoutSize {
  return LAYOUT_SIZES.some((s) => s === v);
}

function isInterval(v: unknown): v is PatrolInterval {
  return PATROL_INTERVALS.some((s) => s === v);
}

function readSlot(v: unknown): Slot {
  if (!isObj(v)) return EMPTY_SLOT;
  const terminalId = text(v.terminalId);
  const officer = text(v.officer);
  const courtName = text(v.courtName);
  const label = text(v.label);
  const teamId = v.teamId === null ? null : text(v.teamId);
  const teamName = v.teamName === null ? null : text(v.teamName);
  if (!terminalId || officer === null || courtName === null || label === null) return EMPTY_SLOT;
  // Unreadable team fields, or a team id without a name (or the reverse): not something we saved.
  if ((teamId === null) !== (v.teamId === null) || (teamName === null) !== (v.teamName === null)) return EMPTY_SLOT;
  if ((teamId === null) !== (teamName === null)) return EMPTY_SLOT;
  const feed: SlotFeed = { terminalId, teamId, teamName, officer, courtName, label };
  return { feed, pinned: v.pinned === true };
}

/**
 * Reads a saved wall; anything unreadable gives the default (null, corrupt JSON, another version),
 * and an unreadable slot is empty. A feed saved twice keeps its first slot.
 */
export function decodeWall(raw: string | null): WallSaved {
  if (raw === null) return defaultWall();
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    // Corrupt value (a hand edit, a write cut short): start from the default wall.
    return defaultWall();
  }
  if (!isObj(data) || data.v !== VERSION) return defaultWall();
  const base = defaultWall();
  const size = isLayoutSize(data.size) ? data.size : base.size;
  const slots = emptySlots();
  const keys = new Set<string>();
  if (Array.isArray(data.slots)) {
    for (let i = 0; i < Math.min(SLOT_COUNT, data.slots.length); i++) {
      const s = readSlot(data.slots[i]);
      const k = s.feed ? feedKey(s.feed) : null;
      if (k === null || keys.has(k)) continue;
      keys.add(k);
      slots[i] = s;
    }
  }
  const p = isObj(data.patrol) ? data.patrol : {};
  const patrol = { on: p.on === true, intervalS: isInterval(p.intervalS) ? p.intervalS : base.patrol.intervalS };
  return { size, slots, patrol };
}
