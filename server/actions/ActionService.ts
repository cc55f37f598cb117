import { EventEmitter } from 'node:events';
import type { Kysely } from 'kysely';
import type { ActionView, ActionWatcher, AssignActionTeams, ListActions, SetActionStatus } from '../../protocol/action.ts';
import type { RiskReason } from '../../protocol/api.ts';
import type { ActionStatus } from '../../protocol/domain.ts';
import { AuditLog } from '../audit/index.ts';
import { freezePlan } from './ActionPlans.ts';
import { coversAllCourts, type CourtTree } from '../courts/index.ts';
import type { Actor } from '../auth/index.ts';
import { dateOf, systemClock, type Clock } from '../clock.ts';
import type { TeamDirectory, TeamRef } from '../teams/index.ts';
import { ForbiddenError, InvalidStateError, NotFoundError } from '../errors.ts';
import type { Database } from '../store/index.ts';

export interface ActionServiceOptions {
  db: Kysely<Database>;
  courts: () => CourtTree;
  teams: TeamDirectory;
  clock?: Clock;
}

/** What an instruction to an action needs to know of it. */
export interface ActionTarget {
  courtId: string;
  caseId: string;
  status: ActionStatus;
  /** The teams assigned, by id. */
  teamIds: string[];
}

/** What changed about an action, for the handlers' fan-out. */
export interface ActionChange {
  /** Teams newly assigned: their terminals join the action's room. */
  added: readonly string[];
  /** Teams no longer assigned: their terminals leave it. */
  removed: readonly string[];
  /** The action left its open states (finished or cancelled): every terminal leaves it. */
  closed: boolean;
}

/** An action as its replay needs it (ActionService.replayOf). */
export interface ActionReplay {
  plannedAt: string;
  /** When it became ongoing; null while planned (or cancelled before it started). */
  startedAt: string | null;
  /** When it finished or was cancelled; null while open. */
  endedAt: string | null;
  /** Its teams the viewer may see, by name. */
  teams: TeamRef[];
}

export interface ActionServiceEvents {
  /** An action's teams, status, watchers or plan-set fields (kind, radius) changed (committed). */
  updated: [ActionView, ActionChange];
  /** A user began following the action (from their first console) or stopped (on their last). */
  watch: [actionId: string, watcher: ActionWatcher, joined: boolean];
}

const OPEN: readonly ActionStatus[] = ['planned', 'ongoing'];
const DEFAULT_LIST = 50;
/** The moves a console may make; anything else is ERR_INVALID_STATE. */
const NEXT: Record<ActionStatus, readonly ActionStatus[]> = {
  planned: ['ongoing', 'cancelled'],
  ongoing: ['finished'],
  finished: [],
  cancelled: [],
};
const STATUS_NAMES: Record<ActionStatus, string> = { planned: '计划中', ongoing: '进行中', finished: '已结束', cancelled: '已取消' };
const NO_CHANGE: ActionChange = { added: [], removed: [], closed: false };

/**
 * Enforcement actions (执行行动) live: which teams carry one out (action_teams), its status, and who
 * follows it from a console right now (held in memory: a watcher is a connected socket). Every
 * change is stored with its audit entry in one transaction, then announced ('updated').
 */
export class ActionService extends EventEmitter<ActionServiceEvents> {
  readonly #db: Kysely<Database>;
  readonly #courts: () => CourtTree;
  readonly #clock: Clock;
  readonly #teams: TeamDirectory;
  /** actionId → socketId → watcher. */
  readonly #watchers = new Map<string, Map<string, ActionWatcher>>();

  constructor(opts: ActionServiceOptions) {
    super();
    this.#db = opts.db;
    this.#courts = opts.courts;
    this.#clock = opts.clock ?? systemClock;
    this.#teams = opts.teams;
  }

  /** `action:list`: the actions of the actor's branch in the given states: ongoing first, then the riskiest (红 before 绿), then soonest. */
  async list(actor: Actor, m: ListActions): Promise<ActionView[]> {
    const tree = this.#courts();
    const courtIds = tree.subtree(actor.courtId);
    if (courtIds.length === 0) return [];
    let q = this.#db.selectFrom('actions').select('id').where('status', 'in', m.status ?? OPEN);
    if (!coversAllCourts(tree, courtIds)) q = q.where('court_id', 'in', courtIds);
    const rows = await q
      .orderBy((eb) => eb.case().when('status', '=', 'ongoing').then(0).else(1).end())
      .orderBy((eb) => eb.case().when('risk_colour', '=', 'red').then(0).when('risk_colour', '=', 'yellow').then(1).when('risk_colour', '=', 'blue').then(2).else(3).end())
      .orderBy('planned_at')
      .orderBy('id')
      .limit(m.limit ?? DEFAULT_LIST)
      .execute();
    return this.#views(rows.map((r) => r.id));
  }

  /** One action, for a console whose court may see it; ERR_NOT_FOUND otherwise (existence is not revealed). */
  async get(actor: Actor, actionId: string): Promise<ActionView> {
    const [view] = await this.#views([actionId]);
    if (!view || !this.#courts().canSee(actor.courtId, view.courtId)) throw new NotFoundError(`行动 ${actionId} / action ${actionId}`);
    return view;
  }

  /** The open actions any of `teamIds` is assigned to, soonest first: what a terminal is briefed on. */
  async openForTeams(teamIds: readonly string[]): Promise<ActionView[]> {
    if (teamIds.length === 0) return [];
    const rows = await this.#db
      .selectFrom('action_teams')
      .innerJoin('actions', 'actions.id', 'action_teams.action_id')
      .select('actions.id')
      .distinct()
      .where('action_teams.team_id', 'in', teamIds)
      .where('actions.status', 'in', OPEN)
      .execute();
    const views = await this.#views(rows.map((r) => r.id));
    return views.sort((a, b) => statusRank(a.status) - statusRank(b.status) || a.plannedAt.localeCompare(b.plannedAt));
  }

  /** The ongoing action `teamId` is assigned to (the earliest planned), or null: a silent team on an action is critical. */
  async ongoingForTeam(teamId: string): Promise<{ id: string; caseNumber: string } | null> {
    const row = await this.#db
      .selectFrom('action_teams')
      .innerJoin('actions', 'actions.id', 'action_teams.action_id')
      .innerJoin('cases', 'cases.id', 'actions.case_id')
      .select(['actions.id', 'cases.case_number'])
      .where('action_teams.team_id', '=', teamId)
      .where('actions.status', '=', 'ongoing')
      .orderBy('actions.planned_at')
      .executeTakeFirst();
    return row ? { id: row.id, caseNumber: row.case_number } : null;
  }

  /** An action as an instruction to it needs it (court, case, status, teams), or null when unknown. */
  async target(actionId: string): Promise<ActionTarget | null> {
    const a = await this.#db.selectFrom('actions').select(['court_id', 'case_id', 'status']).where('id', '=', actionId).executeTakeFirst();
    if (!a) return null;
    const rows = await this.#db.selectFrom('action_teams').select('team_id').where('action_id', '=', actionId).orderBy('team_id').execute();
    return { courtId: a.court_id, caseId: a.case_id, status: a.status, teamIds: rows.map((r) => r.team_id) };
  }

  /**
   * `action:assign`: replaces the action's teams. The action and every team must be within the
   * actor's branch (else ERR_FORBIDDEN, unknown ones too); a finished or cancelled action takes no teams.
   */
  async assign(actor: Actor, m: AssignActionTeams): Promise<ActionView> {
    const tree = this.#courts();
    const action = await this.#get(actor, m.actionId, tree);
    if (!OPEN.includes(action.status)) throw new InvalidStateError(`行动${STATUS_NAMES[action.status]}，不能再指派队伍 / action is ${action.status}`);
    if (m.teamIds.length > 0) {
      const teams = await this.#teams.refs(m.teamIds);
      for (const teamId of m.teamIds) {
        const team = teams.find((t) => t.id === teamId);
        if (!team || !tree.canSee(actor.courtId, team.courtId)) {
          throw new ForbiddenError(`队伍 ${teamId} 不存在或不在本院管辖范围 / team ${teamId} is unknown or outside your court's branch`);
        }
      }
    }
    const now = dateOf(this.#clock);
    const change = await this.#db.transaction().execute(async (trx) => {
      const before = (await trx.selectFrom('action_teams').select('team_id').where('action_id', '=', m.actionId).execute()).map((r) => r.team_id);
      const added = m.teamIds.filter((t) => !before.includes(t));
      const removed = before.filter((t) => !m.teamIds.includes(t));
      if (added.length === 0 && removed.length === 0) return NO_CHANGE;
      if (removed.length > 0) await trx.deleteFrom('action_teams').where('action_id', '=', m.actionId).where('team_id', 'in', removed).execute();
      if (added.length > 0) {
        await trx
          .insertInto('action_teams')
          .values(added.map((teamId) => ({ action_id: m.actionId, team_id: teamId, assigned_at: now.toISOString() })))
          .execute();
      }
      await AuditLog.append(
        trx,
        { actorUserId: actor.userId, actorName: actor.username, courtId: actor.courtId, action: 'action.assign', targetType: 'action', targetId: m.actionId, detail: { added, removed, teamIds: m.teamIds } },
        now,
      );
      return { added, removed, closed: false };
    });
    return this.#announce(m.actionId, change);
  }

  /** `action:status`: planned → ongoing | cancelled, ongoing → finished; anything else is ERR_INVALID_STATE. */
  async setStatus(actor: Actor, m: SetActionStatus): Promise<ActionView> {
    const action = await this.#get(actor, m.actionId, this.#courts());
    if (action.status === m.status) return this.#viewOrThrow(m.actionId);
    if (!NEXT[action.status].includes(m.status)) {
      throw new InvalidStateError(`行动${STATUS_NAMES[action.status]}，不能改为${STATUS_NAMES[m.status]} / action is ${action.status}, cannot become ${m.status}`);
    }
    const now = dateOf(this.#clock);
    const changed = await this.#db.transaction().execute(async (trx) => {
      // The span a replay of the action covers: from going ongoing to finishing (or cancelling).
      const stamp = m.status === 'ongoing' ? { started_at: now.toISOString() } : { ended_at: now.toISOString() };
      const r = await trx
        .updateTable('actions')
        .set({ status: m.status, ...stamp })
        .where('id', '=', m.actionId)
        .where('status', '=', action.status)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) return false;
      // Starting freezes the plan: the version in force is stored with the start, and no save follows.
      const frozen = m.status === 'ongoing' ? { planVersion: await freezePlan(trx, m.actionId) } : {};
      await AuditLog.append(
        trx,
        { actorUserId: actor.userId, actorName: actor.username, courtId: actor.courtId, action: 'action.status', targetType: 'action', targetId: m.actionId, detail: { from: action.status, to: m.status, ...frozen } },
        now,
      );
      return true;
    });
    if (!changed) throw new InvalidStateError('行动状态已变化，请重试 / the action changed meanwhile, retry');
    return this.#announce(m.actionId, { added: [], removed: [], closed: !OPEN.includes(m.status) });
  }

  /**
   * What a replay of the action needs: when it was planned, started and ended, and its teams that
   * `viewerCourtId` may see (cut as every ActionView is). ERR_NOT_FOUND outside the viewer's branch.
   */
  async replayOf(viewerCourtId: string, actionId: string): Promise<ActionReplay> {
    const tree = this.#courts();
    const row = await this.#db.selectFrom('actions').select(['court_id', 'planned_at', 'started_at', 'ended_at']).where('id', '=', actionId).executeTakeFirst();
    if (!row || !tree.canSee(viewerCourtId, row.court_id)) throw new NotFoundError(`行动 ${actionId} / action ${actionId}`);
    const assigned = await this.#db.selectFrom('action_teams').select('team_id').where('action_id', '=', actionId).execute();
    const teams = await this.#teams.refs(assigned.map((a) => a.team_id));
    return {
      plannedAt: row.planned_at,
      startedAt: row.started_at,
      endedAt: row.ended_at,
      teams: teams.filter((t) => tree.canSee(viewerCourtId, t.courtId)).sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id)),
    };
  }

  /** A console starts following the action (after get() authorised it); announces the new watcher list. */
  async follow(actionId: string, socketId: string, watcher: ActionWatcher): Promise<ActionView> {
    let bySocket = this.#watchers.get(actionId);
    if (!bySocket) this.#watchers.set(actionId, (bySocket = new Map()));
    const isNew = !bySocket.has(socketId);
    const userNew = ![...bySocket.values()].some((w) => w.userId === watcher.userId);
    bySocket.set(socketId, watcher);
    if (!isNew) return this.#viewOrThrow(actionId);
    const view = await this.#announce(actionId, NO_CHANGE);
    if (userNew) this.emit('watch', actionId, watcher, true);
    return view;
  }

  /** A console stops following `actionId` (or every action, when it disconnects: `actionId` null). */
  async unfollow(actionId: string | null, socketId: string): Promise<void> {
    const ids = actionId === null ? [...this.#watchers.keys()] : [actionId];
    for (const id of ids) {
      const bySocket = this.#watchers.get(id);
      const watcher = bySocket?.get(socketId);
      if (!bySocket || !watcher) continue;
      bySocket.delete(socketId);
      if (bySocket.size === 0) this.#watchers.delete(id);
      await this.#announce(id, NO_CHANGE);
      if (![...bySocket.values()].some((w) => w.userId === watcher.userId)) this.emit('watch', id, watcher, false);
    }
  }

  /** Announces the action again after its plan changed what its view shows (kind, geofence radius). */
  touch(actionId: string): Promise<ActionView> {
    return this.#announce(actionId, NO_CHANGE);
  }

  async #announce(actionId: string, change: ActionChange): Promise<ActionView> {
    const view = await this.#viewOrThrow(actionId);
    this.emit('updated', view, change);
    return view;
  }

  async #get(actor: Actor, actionId: string, tree: CourtTree): Promise<{ status: ActionStatus; courtId: string }> {
    const row = await this.#db.selectFrom('actions').select(['status', 'court_id']).where('id', '=', actionId).executeTakeFirst();
    if (!row || !tree.canSee(actor.courtId, row.court_id)) throw new NotFoundError(`行动 ${actionId} / action ${actionId}`);
    return { status: row.status, courtId: row.court_id };
  }

  async #viewOrThrow(actionId: string): Promise<ActionView> {
    const [view] = await this.#views([actionId]);
    if (!view) throw new NotFoundError(`行动 ${actionId} / action ${actionId}`);
    return view;
  }

  /** Views of `ids` in the order given; unknown ids are left out. */
  async #views(ids: readonly string[]): Promise<ActionView[]> {
    if (ids.length === 0) return [];
    const tree = this.#courts();
    const [actions, teams] = await Promise.all([
      this.#db
        .selectFrom('actions')
        .innerJoin('cases', 'cases.id', 'actions.case_id')
        .select(['actions.id', 'actions.case_id', 'cases.case_number', 'actions.court_id', 'actions.kind', 'actions.status', 'actions.planned_at'])
        .select(['actions.risk_colour', 'actions.risk_reasons', 'actions.lng', 'actions.lat', 'actions.site_radius_m'])
        .where('actions.id', 'in', ids)
        .execute(),
      this.#db
        .selectFrom('action_teams')
        .innerJoin('teams', 'teams.id', 'action_teams.team_id')
        .select(['action_teams.action_id', 'teams.id', 'teams.name', 'teams.court_id', 'teams.status'])
        .where('action_teams.action_id', 'in', ids)
        .orderBy('teams.name')
        .orderBy('teams.id')
        .execute(),
    ]);
    const byId = new Map(actions.map((a) => [a.id, a]));
    return ids.flatMap((id): ActionView[] => {
      const a = byId.get(id);
      if (!a) return [];
      return [
        {
          id: a.id,
          caseId: a.case_id,
          caseNumber: a.case_number,
          courtId: a.court_id,
          courtName: tree.get(a.court_id)?.shortName ?? a.court_id,
          kind: a.kind,
          status: a.status,
          plannedAt: a.planned_at,
          riskColour: a.risk_colour,
          riskReasons: JSON.parse(a.risk_reasons) as RiskReason[],
          lng: a.lng,
          lat: a.lat,
          siteRadiusM: a.site_radius_m,
          teams: teams.filter((t) => t.action_id === id).map((t) => ({ teamId: t.id, name: t.name, courtId: t.court_id, status: t.status })),
          watchers: this.#watcherList(id),
        },
      ];
    });
  }

  /** One entry per user, however many consoles they follow from. */
  #watcherList(actionId: string): ActionWatcher[] {
    const byUser = new Map<string, ActionWatcher>();
    for (const w of this.#watchers.get(actionId)?.values() ?? []) byUser.set(w.userId, w);
    return [...byUser.values()].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
  }
}

function statusRank(s: ActionStatus): number {
  return s === 'ongoing' ? 0 : 1;
}
