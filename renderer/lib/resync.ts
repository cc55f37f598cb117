import type { ActionStatus } from '../../protocol/domain.ts';
import type { ActionView } from '../../protocol/action.ts';
import type { InstructionState, InstructionTarget, InstructionView } from '../../protocol/instruction.ts';
import type { Warning } from '../../protocol/warning.ts';

// Two views of one item meet when a list answer (computed before a change) arrives after the live
// event of that change. The views carry no version, but their states only move forward
// (docs/protocol.md, "Instructions: states and delivery"; a warning once acknowledged stays so; an
// action goes planned → ongoing → finished), so a merge keeps the further of the two.

const STATE_RANK: Record<InstructionState, number> = { issued: 0, delivered: 1, acknowledged: 2, done: 3, refused: 3, expired: 3 };

/** One team's side of an instruction: the further state wins; an escalation once seen is kept. */
export function mergeTarget(old: InstructionTarget, next: InstructionTarget): InstructionTarget {
  const [win, lose] = STATE_RANK[next.state] >= STATE_RANK[old.state] ? [next, old] : [old, next];
  return win.escalatedAt === null && lose.escalatedAt !== null ? { ...win, escalatedAt: lose.escalatedAt } : win;
}

/** An instruction: each target merged by team; `next` as it is when no target of `old` was further. */
export function mergeInstruction(old: InstructionView, next: InstructionView): InstructionView {
  const before = new Map(old.targets.map((t) => [t.teamId, t]));
  let changed = false;
  const targets = next.targets.map((t) => {
    const o = before.get(t.teamId);
    before.delete(t.teamId);
    const merged = o ? mergeTarget(o, t) : t;
    if (merged !== t) changed = true;
    return merged;
  });
  // A team the receiver may see does not leave an instruction: keep targets the newer view left out.
  if (before.size > 0) changed = true;
  return changed ? { ...next, targets: [...targets, ...before.values()] } : next;
}

/** A warning: an acknowledgement is never taken back. */
export function mergeWarning(old: Warning, next: Warning): Warning {
  return old.acknowledgedAt !== null && next.acknowledgedAt === null ? old : next;
}

const ACTION_RANK: Record<ActionStatus, number> = { planned: 0, ongoing: 1, finished: 2, cancelled: 2 };

/** An action: a view whose status is behind the one held is older. Teams and watchers follow the newer view. */
export function mergeAction(old: ActionView, next: ActionView): ActionView {
  return ACTION_RANK[next.status] < ACTION_RANK[old.status] ? old : next;
}

/** Adds `items` to `list` by id, merging each with the one already held. */
export function mergeById<T extends { id: string }>(list: readonly T[], items: readonly T[], merge: (old: T, next: T) => T): T[] {
  const byId = new Map(list.map((x) => [x.id, x]));
  for (const item of items) {
    const old = byId.get(item.id);
    byId.set(item.id, old ? merge(old, item) : item);
  }
  return [...byId.values()];
}

/** A list request paged back in time with `before` (newest first, as instruction:list and warning:list answer). */
export interface PagedRead<T> {
  /** One page; `before` is the time of the last item of the previous page. */
  fetch: (before: string | undefined) => Promise<readonly T[]>;
  /** The time a page is ordered by (issuedAt, raisedAt). */
  at: (item: T) => string;
  /** The page size asked for: a shorter page is the last one. */
  limit: number;
  /** Read back at least to this time (the oldest item still open on screen), or only the first page when null. */
  until: string | null;
  /** Receives each page as it arrives. */
  take: (page: readonly T[]) => void;
  /** Bounds the reading (a console that held a very old open item reads no further than this). */
  maxPages: number;
}

/**
 * Reads the newest page, then older ones until the page reaches `until`: an item still open on the
 * screen may have moved on while the console was away, however far down the list it is.
 */
export async function readBack<T>(r: PagedRead<T>): Promise<void> {
  let before: string | undefined;
  for (let n = 0; n < r.maxPages; n++) {
    const page = await r.fetch(before);
    r.take(page);
    const last = page.at(-1);
    if (!last || page.length < r.limit || r.until === null || r.at(last) <= r.until) return;
    before = r.at(last);
  }
}

/** The time of the oldest item `isOpen` keeps, or null when none is open. */
export function oldestOpen<T>(list: readonly T[], isOpen: (item: T) => boolean, at: (item: T) => string): string | null {
  let oldest: string | null = null;
  for (const item of list) if (isOpen(item) && (oldest === null || at(item) < oldest)) oldest = at(item);
  return oldest;
}
