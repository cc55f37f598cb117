import type { CourtSummary } from '../../../protocol/api.ts';

// The court tree as GET /api/courts gives it (the caller's court and everything below): the
// drill-down's subtree, its breadcrumbs, and the court a click lands on.

/** The court whose parent the caller cannot see: the caller's own court (the high court for a provincial user). */
export function rootCourt(courts: readonly CourtSummary[]): CourtSummary | undefined {
  const ids = new Set(courts.map((c) => c.id));
  return courts.find((c) => c.parentId === null || !ids.has(c.parentId));
}

/** `id` and every court below it. */
export function subtreeIds(courts: readonly CourtSummary[], id: string): Set<string> {
  const children = new Map<string, string[]>();
  for (const c of courts) if (c.parentId) children.set(c.parentId, [...(children.get(c.parentId) ?? []), c.id]);
  const out = new Set<string>();
  const stack = [id];
  while (stack.length > 0) {
    const next = stack.pop()!;
    if (out.has(next)) continue;
    out.add(next);
    stack.push(...(children.get(next) ?? []));
  }
  return out;
}

/** The courts from the caller's own down to `id` (the breadcrumbs); empty when `id` is not in the tree. */
export function courtPath(courts: readonly CourtSummary[], id: string): CourtSummary[] {
  const byId = new Map(courts.map((c) => [c.id, c]));
  const path: CourtSummary[] = [];
  for (let c = byId.get(id); c; c = c.parentId ? byId.get(c.parentId) : undefined) {
    path.unshift(c);
    if (path.length > 10) break;
  }
  return path;
}

/** Whether `courtId` lies in the subtree (null: no narrowing, every court does). */
export function inScope(subtree: ReadonlySet<string> | null, courtId: string): boolean {
  return subtree === null || subtree.has(courtId);
}
