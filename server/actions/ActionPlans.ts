import { EventEmitter } from 'node:events';
import type { Kysely, Transaction } from 'kysely';
import type { ActionPlanAnswer, ActionPlanContent, ActionPlanVersion, PlanTeam, PlanVersionInfo, SaveActionPlan } from '../../protocol/plan.ts';
import type { RiskReason } from '../../protocol/api.ts';
import type { ActionStatus } from '../../protocol/domain.ts';
import { AuditLog } from '../audit/index.ts';
import { can, type Actor } from '../auth/index.ts';
import { dateOf, systemClock, type Clock } from '../clock.ts';
import type { CourtTree } from '../courts/index.ts';
import { BadMessageError, ForbiddenError, InvalidStateError, NotFoundError } from '../errors.ts';
import type { Database } from '../store/index.ts';
import type { TeamDirectory } from '../teams/index.ts';

export interface ActionPlansOptions {
  db: Kysely<Database>;
  courts: () => CourtTree;
  teams: TeamDirectory;
  clock?: Clock;
}

export interface ActionPlansEvents {
  /** A version was saved (committed): the action's court, for the timeline's fan-out. */
  saved: [actionId: string, courtId: string, version: SavedPlanVersion];
}

/** A version as saved: who saved it, by user id too. */
export interface SavedPlanVersion extends PlanVersionInfo {
  authorUserId: string;
}

/** Who reads a plan: what their court may see, and whether their role may edit. */
export type PlanReader = Pick<Actor, 'courtId' | 'role'>;

const FROZEN = '已开始的行动预案已冻结，不能再修改 / the plan of an action that has started is frozen';
const CLOSED: Record<ActionStatus, string> = {
  planned: '',
  ongoing: FROZEN,
  finished: FROZEN,
  cancelled: '行动已取消，预案不能再修改 / the action was cancelled: its plan can no longer change',
};

/**
 * Sets the plan version in force at the start (the latest saved) on the action, inside the start's
 * own transaction (ActionService.setStatus): from then on save() refuses. Answers it (null: no plan).
 */
export async function freezePlan(trx: Transaction<Database>, actionId: string): Promise<number | null> {
  const row = await trx.selectFrom('action_plans').select((eb) => eb.fn.max('version').as('v')).where('action_id', '=', actionId).executeTakeFirst();
  const version = row?.v === null || row?.v === undefined ? null : Number(row.v);
  await trx.updateTable('actions').set({ plan_version: version }).where('id', '=', actionId).execute();
  return version;
}

/**
 * The plan (预案) of each action (the only writer of `action_plans`, and of actions.kind and
 * site_radius_m after creation): every save is a new numbered version, stored with its audit entry
 * in one transaction, while the action is planned; the start freezes the latest (freezePlan).
 */
export class ActionPlans extends EventEmitter<ActionPlansEvents> {
  readonly #db: Kysely<Database>;
  readonly #courts: () => CourtTree;
  readonly #teams: TeamDirectory;
  readonly #clock: Clock;

  constructor(opts: ActionPlansOptions) {
    super();
    this.#db = opts.db;
    this.#courts = opts.courts;
    this.#teams = opts.teams;
    this.#clock = opts.clock ?? systemClock;
  }

  /** The plan as `reader` may see it: version `version` (default the latest), every version, and whether it is frozen. ERR_NOT_FOUND outside the branch. */
  async read(reader: PlanReader, actionId: string, version?: number): Promise<ActionPlanAnswer> {
    const action = await this.#action(reader.courtId, actionId);
    const versions = await this.#db
      .selectFrom('action_plans')
      .select(['version', 'author_name', 'saved_at'])
      .where('action_id', '=', actionId)
      .orderBy('version')
      .execute();
    const wanted = version ?? versions.at(-1)?.version;
    let plan: ActionPlanVersion | null = null;
    if (wanted !== undefined) {
      const row = await this.#db.selectFrom('action_plans').selectAll().where('action_id', '=', actionId).where('version', '=', wanted).executeTakeFirst();
      if (!row) throw new NotFoundError(`预案第 ${wanted} 版 / plan version ${wanted}`);
      plan = await this.#versionFor(reader.courtId, row);
    }
    return {
      actionId,
      status: action.status,
      frozenVersion: action.plan_version,
      frozen: action.status !== 'planned',
      editable: action.status === 'planned' && can(reader.role, 'instructions:issue'),
      plan,
      versions: versions.map((v) => ({ version: v.version, authorName: v.author_name, savedAt: v.saved_at })),
      draft: {
        kind: action.kind,
        riskColour: action.risk_colour,
        riskReasons: (JSON.parse(action.risk_reasons) as RiskReason[]).map((r) => r.text),
        siteRadiusM: action.site_radius_m,
      },
    };
  }

  /**
   * `action:plan:save`: a new version while the action is planned (ERR_INVALID_STATE once it started:
   * frozen; or when someone saved since `baseVersion`). Its teams must be visible to the actor's court
   * (ERR_FORBIDDEN); teams of the base version the actor may not see are kept as they were.
   */
  async save(actor: Actor, m: SaveActionPlan): Promise<ActionPlanAnswer> {
    const tree = this.#courts();
    const action = await this.#action(actor.courtId, m.actionId);
    if (action.status !== 'planned') throw new InvalidStateError(CLOSED[action.status]);
    const listed = await this.#checkTeams(actor, m.content.teams, tree);
    const now = dateOf(this.#clock);
    const saved = await this.#db.transaction().execute(async (trx) => {
      // Conditional on planned: a start committed since the read above wins, and this save is refused.
      const r = await trx
        .updateTable('actions')
        .set({ kind: m.content.kind, site_radius_m: m.content.siteRadiusM })
        .where('id', '=', m.actionId)
        .where('status', '=', 'planned')
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) throw new InvalidStateError(FROZEN);
      const base = await trx
        .selectFrom('action_plans')
        .select(['version', 'content'])
        .where('action_id', '=', m.actionId)
        .orderBy('version', 'desc')
        .limit(1)
        .executeTakeFirst();
      const current = base?.version ?? 0;
      if (current !== m.baseVersion) {
        throw new InvalidStateError(`预案已被他人更新为第 ${current} 版，请刷新后再修改 / the plan was saved meanwhile (version ${current}): reload it first`);
      }
      // Teams of the base version the actor's court may not see (lent by an upper court) stay as they were.
      const baseTeams = base ? (JSON.parse(base.content) as ActionPlanContent).teams.filter((t) => !listed.has(t.teamId)) : [];
      const courts = baseTeams.length === 0 ? [] : await trx.selectFrom('teams').select(['id', 'court_id']).where('id', 'in', baseTeams.map((t) => t.teamId)).execute();
      const hidden = baseTeams.filter((t) => courts.some((c) => c.id === t.teamId && !tree.canSee(actor.courtId, c.court_id)));
      const content: ActionPlanContent = { ...m.content, teams: [...m.content.teams, ...hidden] };
      const version = current + 1;
      await trx
        .insertInto('action_plans')
        .values({ action_id: m.actionId, version, content: JSON.stringify(content), author_user_id: actor.userId, author_name: actor.name, saved_at: now.toISOString() })
        .execute();
      await AuditLog.append(
        trx,
        {
          actorUserId: actor.userId,
          actorName: actor.username,
          courtId: actor.courtId,
          action: 'action.plan',
          targetType: 'action',
          targetId: m.actionId,
          detail: { version, baseVersion: m.baseVersion, content },
        },
        now,
      );
      return { version, authorUserId: actor.userId, authorName: actor.name, savedAt: now.toISOString() };
    });
    this.emit('saved', m.actionId, action.court_id, saved);
    return this.read(actor, m.actionId, saved.version);
  }

  /** The teams of a plan about to be saved, by id: no team twice, each one the actor's court may see. */
  async #checkTeams(actor: Actor, list: readonly PlanTeam[], tree: CourtTree): Promise<Set<string>> {
    const listed = new Set<string>();
    list.forEach((t, i) => {
      if (listed.has(t.teamId)) throw new BadMessageError(`/content/teams/${i}/teamId: 执行组重复 / team ${t.teamId} is listed twice`);
      listed.add(t.teamId);
    });
    const refs = await this.#teams.refs([...listed]);
    list.forEach((t, i) => {
      const team = refs.find((r) => r.id === t.teamId);
      if (!team || !tree.canSee(actor.courtId, team.courtId)) {
        throw new ForbiddenError(`/content/teams/${i}/teamId: 队伍 ${t.teamId} 不存在或不在本院管辖范围 / team ${t.teamId} is unknown or outside your court's branch`);
      }
    });
    return listed;
  }

  async #versionFor(viewerCourtId: string, row: { version: number; content: string; author_name: string; saved_at: string }): Promise<ActionPlanVersion> {
    const tree = this.#courts();
    const content = JSON.parse(row.content) as ActionPlanContent;
    const refs = await this.#teams.refs(content.teams.map((t) => t.teamId));
    const seen = refs.filter((r) => tree.canSee(viewerCourtId, r.courtId));
    const visible = new Set(seen.map((r) => r.id));
    return {
      version: row.version,
      authorName: row.author_name,
      savedAt: row.saved_at,
      content: { ...content, teams: content.teams.filter((t) => visible.has(t.teamId)) },
      teamNames: Object.fromEntries(seen.map((r) => [r.id, r.name])),
    };
  }

  async #action(viewerCourtId: string, actionId: string) {
    const row = await this.#db
      .selectFrom('actions')
      .select(['court_id', 'status', 'kind', 'risk_colour', 'risk_reasons', 'site_radius_m', 'plan_version'])
      .where('id', '=', actionId)
      .executeTakeFirst();
    if (!row || !this.#courts().canSee(viewerCourtId, row.court_id)) throw new NotFoundError(`行动 ${actionId} / action ${actionId}`);
    return row;
  }
}
