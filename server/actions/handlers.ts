import { compileChecker } from '../../protocol/check.ts';
import { AssignActionTeams, FollowAction, ListActions, SetActionStatus, type ActionView, type TerminalContext } from '../../protocol/action.ts';
import { SaveActionPlan } from '../../protocol/plan.ts';
import type { TeamStatus } from '../../protocol/domain.ts';
import { rooms } from '../../protocol/rooms.ts';
import type { CourtTree } from '../courts/index.ts';
import type { Logger } from '../logger.ts';
import { onRequest, isTerminal, requireConsole, type Connection, type AppServer } from '../realtime/index.ts';
import { teamsOfConnection, type TeamDirectory, type TeamRef } from '../teams/index.ts';
import type { ActionPlans } from './ActionPlans.ts';
import type { ActionService } from './ActionService.ts';
import { actionViewFor } from './actionViews.ts';

const isList = compileChecker(ListActions);
const isFollow = compileChecker(FollowAction);
const isAssign = compileChecker(AssignActionTeams);
const isSetStatus = compileChecker(SetActionStatus);
const isSavePlan = compileChecker(SaveActionPlan);

export interface ActionHandlerDeps {
  actions: ActionService;
  plans: ActionPlans;
  teams: TeamDirectory;
  courts: () => CourtTree;
  /** The live status and lost flag of a team (PositionHub), when a terminal of it is attached. */
  teamState: (teamId: string) => { status: TeamStatus; lost: boolean } | undefined;
}

/**
 * Actions on the sockets. Rooms by action (rooms.action): the terminals of the assigned teams join
 * it on connecting and when a team is assigned; consoles join it with action:follow. 'action:updated'
 * goes to the consoles of the action's court and above and to its teams' terminals, each cut to the
 * teams the receiver may see (actionViewFor); a terminal whose team was assigned or released is sent
 * its new 'terminal:context'.
 */
export function createActionHandlers(io: AppServer, deps: ActionHandlerDeps, logger: Logger) {
  const { actions, teams, courts } = deps;

  /** The context of one field user of `courtId`: their teams (`mine`), with live state, and the open actions of those teams. */
  async function contextFor(mine: readonly TeamRef[], courtId: string): Promise<TerminalContext> {
    const tree = courts();
    const ownIds = mine.map((t) => t.id);
    const open = (await actions.openForTeams(ownIds)).map((v) => actionViewFor(tree, v, courtId, ownIds));
    const rows = await Promise.all(
      mine.map(async (t) => {
        const live = deps.teamState(t.id);
        const status = live?.status ?? (await teams.statusOf(t.id));
        return { id: t.id, name: t.name, courtId: t.courtId, courtName: tree.get(t.courtId)?.shortName ?? t.courtId, status, lost: live?.lost ?? false };
      }),
    );
    return { teams: rows, actions: open };
  }

  /** Sends every field socket of the members of `teamIds` its context again. */
  async function refreshTerminals(teamIds: readonly string[]): Promise<void> {
    for (const userId of await teams.membersOf(teamIds)) {
      const sockets = (await io.in(rooms.user(userId)).fetchSockets()).filter((s) => s.data.client === 'field');
      const first = sockets[0];
      if (!first) continue;
      const context = await contextFor(await teams.teamsOf(userId), first.data.courtId);
      for (const s of sockets) s.emit('terminal:context', context);
    }
  }

  actions.on('updated', (view, change) => {
    const room = rooms.action(view.id);
    if (change.added.length > 0) io.in(change.added.map(rooms.team)).socketsJoin(room);
    if (change.removed.length > 0) io.in(change.removed.map(rooms.team)).socketsLeave(room);
    // Consoles following a closed action stay until they unfollow; its terminals are released.
    if (change.closed) io.in(view.teams.map((t) => rooms.team(t.teamId))).socketsLeave(room);
    // Each receiver hears the view cut to what its court may see: consoles by their court's room (a
    // follower's court is always among them), terminals by their team's room.
    const tree = courts();
    for (const courtId of tree.above(view.courtId)) io.to(rooms.court(courtId)).emit('action:updated', actionViewFor(tree, view, courtId));
    for (const t of view.teams) io.to(rooms.team(t.teamId)).emit('action:updated', actionViewFor(tree, view, t.courtId, [t.teamId]));
    const touched = change.closed ? view.teams.map((t) => t.teamId) : [...change.added, ...change.removed];
    if (touched.length > 0) {
      refreshTerminals(touched).catch((err: unknown) => logger.error({ err, actionId: view.id }, 'terminal context not refreshed'));
    }
  });

  return async function onConnection(conn: Connection): Promise<void> {
    const { socket, actor } = conn;
    const { userId, role } = conn.data;

    if (isTerminal(conn)) {
      const context = await contextFor(await teamsOfConnection(conn, teams), conn.data.courtId);
      if (context.actions.length > 0) await conn.join(context.actions.map((a) => rooms.action(a.id)));
      socket.emit('terminal:context', context);
    }
    if (conn.data.client === 'console') {
      conn.hold(() => actions.unfollow(null, socket.id).catch((err: unknown) => logger.error({ err }, 'action unfollow on disconnect failed')));
    }
    /** What this console may see of an action. */
    const mine = (view: ActionView) => actionViewFor(courts(), view, actor.courtId);
    onRequest(socket, logger, 'action:list', isList, async (m) => {
      requireConsole(conn, 'dispatch:read', '查看执行行动');
      return (await actions.list(actor, m)).map(mine);
    });
    onRequest(socket, logger, 'action:follow', isFollow, async (m): Promise<ActionView> => {
      requireConsole(conn, 'dispatch:read', '跟踪执行行动');
      await actions.get(actor, m.actionId);
      await conn.join(rooms.action(m.actionId));
      return mine(await actions.follow(m.actionId, socket.id, { userId, name: actor.name, role, courtId: actor.courtId }));
    });
    onRequest(socket, logger, 'action:unfollow', isFollow, async (m) => {
      requireConsole(conn, 'dispatch:read', '跟踪执行行动');
      await socket.leave(rooms.action(m.actionId));
      await actions.unfollow(m.actionId, socket.id);
      return null;
    });
    onRequest(socket, logger, 'action:assign', isAssign, async (m) => {
      requireConsole(conn, 'instructions:issue', '指派行动队伍');
      return mine(await actions.assign(actor, m));
    });
    onRequest(socket, logger, 'action:status', isSetStatus, async (m) => {
      requireConsole(conn, 'instructions:issue', '变更行动状态');
      return mine(await actions.setStatus(actor, m));
    });
    onRequest(socket, logger, 'action:plan:save', isSavePlan, async (m) => {
      requireConsole(conn, 'instructions:issue', '编辑行动预案');
      return deps.plans.save(actor, m);
    });
  };
}
