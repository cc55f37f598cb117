import type { InstructionView } from '../../protocol/instruction.ts';
import type { CourtTree } from '../courts/CourtTree.ts';

// Who hears about what. Consoles sit in the room of their own court; a court sees itself and every
// court below it, so news about a team goes to the rooms of the team's court and all its ancestors.

/** The court rooms to tell about news in `courtIds`, each court once. */
export function roomCourts(tree: CourtTree, courtIds: Iterable<string>): string[] {
  const out = new Set<string>();
  for (const id of courtIds) for (const c of tree.above(id)) out.add(c);
  return [...out];
}

/** The view as consoles of `viewerCourtId` may see it: only targets of their branch. */
export function viewForCourt(tree: CourtTree, view: InstructionView, viewerCourtId: string): InstructionView {
  return { ...view, targets: view.targets.filter((t) => tree.canSee(viewerCourtId, t.courtId)) };
}

/** The view as the terminals of `teamId` see it: their own target only. */
export function viewForTeam(view: InstructionView, teamId: string): InstructionView {
  return { ...view, targets: view.targets.filter((t) => t.teamId === teamId) };
}
