import type { ActionView } from '../../protocol/action.ts';
import type { CourtTree } from '../courts/index.ts';

/**
 * An action as one receiver may see it: only the teams its court may see (its court and below), and
 * a terminal's own teams. An upper court may lend a 宁波 team to a 杭州 action; 杭州's consoles and
 * terminals then see the action without that team. Every ActionView leaving the server goes through
 * here, as instruction views go through viewForCourt/viewForTeam.
 */
export function actionViewFor(tree: CourtTree, view: ActionView, viewerCourtId: string, ownTeamIds: readonly string[] = []): ActionView {
  const teams = view.teams.filter((t) => ownTeamIds.includes(t.teamId) || tree.canSee(viewerCourtId, t.courtId));
  return teams.length === view.teams.length ? view : { ...view, teams };
}
