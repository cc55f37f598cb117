import type { Actor } from '../auth/index.ts';
import type { CourtTree } from '../courts/index.ts';
import { ForbiddenError } from '../errors.ts';
import type { TeamRef } from '../teams/index.ts';

/**
 * Whether `actor` may instruct each of `teamIds` (their refs in `teams`): a team must exist and be in
 * the actor's branch (else ERR_FORBIDDEN, existence not revealed); one of a subordinate court only
 * when config actions.upperCourtsMayInstruct allows it. By default an upper court supervises (it
 * watches, reads plans and timelines, issues 督办) and each court commands its own teams.
 */
export function checkInstructAuthority(actor: Actor, teamIds: readonly string[], teams: readonly TeamRef[], tree: CourtTree, upperCourtsMayInstruct: boolean): void {
  for (const teamId of teamIds) {
    const team = teams.find((t) => t.id === teamId);
    if (!team || !tree.canSee(actor.courtId, team.courtId)) {
      throw new ForbiddenError(`队伍 ${teamId} 不存在或不在本院管辖范围 / team ${teamId} is unknown or outside your court's branch`);
    }
    if (team.courtId !== actor.courtId && !upperCourtsMayInstruct) {
      const court = tree.get(team.courtId)?.shortName ?? team.courtId;
      throw new ForbiddenError(
        `上级法院仅可督导，不可直接指挥下级法院的执行组（${court} ${team.name}；配置 actions.upperCourtsMayInstruct） / an upper court supervises: it may not instruct team ${teamId} of a subordinate court (config actions.upperCourtsMayInstruct)`,
      );
    }
  }
}
