import type { InstructionView } from '../../protocol/instruction.ts';
import type { CourtTree } from '../courts/index.ts';

// Who sees what of an instruction: the court audience itself is realtime/memberships.ts audienceCourts().

/** The view as consoles of `viewerCourtId` may see it: only targets of their branch. */
export function viewForCourt(tree: CourtTree, view: InstructionView, viewerCourtId: string): InstructionView {
  return { ...view, targets: view.targets.filter((t) => tree.canSee(viewerCourtId, t.courtId)) };
}

/** The view as the terminals of `teamId` see it: their own target only. */
export function viewForTeam(view: InstructionView, teamId: string): InstructionView {
  return { ...view, targets: view.targets.filter((t) => t.teamId === teamId) };
}
