import { ForbiddenError } from '../errors.ts';
import type { Principal } from '../auth/index.ts';
import type { CourtTree } from './CourtTree.ts';

/**
 * The courts a request covers: the caller's court and everything below it, narrowed to the
 * subtree of `court` when asked. Asking for a court outside one's branch is refused, not emptied.
 */
export function scopeCourts(tree: CourtTree, principal: Principal, court: string | undefined): readonly string[] {
  if (court === undefined) return tree.subtree(principal.courtId);
  if (!tree.canSee(principal.courtId, court)) {
    throw new ForbiddenError(`法院 ${court} 不在本院管辖范围 / court ${court} is outside your court's branch`);
  }
  return tree.subtree(court);
}

/** True when `courtIds` is the whole tree (a high-court user): queries can drop the court filter. */
export function coversAllCourts(tree: CourtTree, courtIds: readonly string[]): boolean {
  return courtIds.length === tree.size;
}
