import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Kysely, Transaction, Updateable } from 'kysely';
import type { Config } from '../../config/schema.ts';
import type {
  InstructionFeedback,
  InstructionPhotoRequest,
  InstructionState,
  InstructionStep,
  InstructionTemplate,
  InstructionView,
  IssueInstruction,
  IssueResult,
  ListInstructions,
  RefuseInstruction,
} from '../../protocol/instruction.ts';
import type { Warning } from '../../protocol/warning.ts';
import { AuditLog } from '../audit/AuditLog.ts';
import type { CourtTree } from '../courts/CourtTree.ts';
import { coversAllCourts } from '../courts/scope.ts';
import { BadMessageError, ForbiddenError, InvalidStateError, NotFoundError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { Database, InstructionTargetTable } from '../store/schema.ts';
import { SYSTEM_ACTOR, type Actor } from './actor.ts';
import { AWAITING_ACK, OPEN_STATES, stepOutcome } from './instructionState.ts';
import { checkPhoto } from './photo.ts';
import type { WarningService } from './WarningService.ts';

export type DispatchConfig = Config['dispatch'];

export interface InstructionServiceOptions {
  db: Kysely<Database>;
  courts: () => CourtTree;
  warnings: WarningService;
  config: DispatchConfig;
  logger: Logger;
  /** The clock; tests pass a fake one and call sweep() themselves. */
  now?: () => Date;
  /** How often start() sweeps for unacknowledged and stale targets (default 5 s). */
  sweepIntervalMs?: number;
}

export interface InstructionServiceEvents {
  /** A new instruction, committed; the view holds every target (handlers filter per receiver). */
  issued: [InstructionView];
  /** The targets of `teamIds` changed (a step, an expiry, an escalation); the view holds every target. */
  updated: [InstructionView, readonly string[]];
}

/** A team as dispatch needs it. */
export interface TeamRef {
  id: string;
  courtId: string;
  name: string;
}

/** The steps a terminal takes; expiry is the sweep's. */
type TerminalStep = 'delivered' | 'acknowledged' | 'done' | 'refused';

const AUDIT_ACTION: Record<TerminalStep | 'expired' | 'escalated', string> = {
  delivered: 'instruction.deliver',
  acknowledged: 'instruction.ack',
  done: 'instruction.feedback',
  refused: 'instruction.refuse',
  expired: 'instruction.expire',
  escalated: 'instruction.escalate',
};

const STATE_NAMES: Record<InstructionState, string> = {
  issued: '已下达',
  delivered: '已送达',
  acknowledged: '已签收',
  done: '已反馈',
  refused: '已拒收',
  expired: '已过期',
};

const DEFAULT_LIST = 50;
/** Most targets one sweep expires or escalates; the next sweep takes the rest. */
const SWEEP_BATCH = 200;
const DEFAULT_SWEEP_MS = 5_000;

/** The target columns every view needs (never the photo itself). */
const TARGET_COLUMNS = [
  'instruction_targets.instruction_id',
  'instruction_targets.team_id',
  'instruction_targets.court_id',
  'instruction_targets.state',
  'instruction_targets.delivered_at',
  'instruction_targets.acknowledged_at',
  'instruction_targets.acknowledged_by',
  'instruction_targets.acknowledged_by_name',
  'instruction_targets.finished_at',
  'instruction_targets.finished_by',
  'instruction_targets.finished_by_name',
  'instruction_targets.feedback_text',
  'instruction_targets.refuse_reason',
  'instruction_targets.escalated_at',
  'teams.name as team_name',
] as const;

/**
 * Instructions (执行指令): issue, the terminal's steps, replay, expiry and escalation. Every change
 * is stored with an instruction_events row and an audit entry in one transaction, then announced
 * (events 'issued'/'updated'); handlers.ts turns announcements into socket messages. All state is in
 * the store, so a restarted server replays and escalates where the last one stopped.
 */
export class InstructionService extends EventEmitter<InstructionServiceEvents> {
  readonly #db: Kysely<Database>;
  readonly #courts: () => CourtTree;
  readonly #warnings: WarningService;
  readonly #config: DispatchConfig;
  readonly #logger: Logger;
  readonly #now: () => Date;
  readonly #sweepIntervalMs: number;
  #timer: NodeJS.Timeout | null = null;
  #sweeping: Promise<void> = Promise.resolve();
  #closed = false;

  constructor(opts: InstructionServiceOptions) {
    super();
    this.#db = opts.db;
    this.#courts = opts.courts;
    this.#warnings = opts.warnings;
    this.#config = opts.config;
    this.#logger = opts.logger;
    this.#now = opts.now ?? (() => new Date());
    this.#sweepIntervalMs = opts.sweepIntervalMs ?? DEFAULT_SWEEP_MS;
  }

  /** The one-click templates, in config order. */
  templates(): InstructionTemplate[] {
    return Object.entries(this.#config.templates).map(([key, text]) => ({ key, text }));
  }

  /** The actor behind an authenticated socket, with the display name screens show. */
  async actorFor(who: { userId: string; username: string; role: Actor['role']; courtId: string }): Promise<Actor> {
    const user = await this.#db.selectFrom('users').select('display_name').where('id', '=', who.userId).executeTakeFirst();
    return { userId: who.userId, username: who.username, name: user?.display_name ?? who.username, role: who.role, courtId: who.courtId };
  }

  /** The teams `userId` is a member of (team_members.user_id). */
  async teamsOf(userId: string): Promise<TeamRef[]> {
    const rows = await this.#db
      .selectFrom('team_members')
      .innerJoin('teams', 'teams.id', 'team_members.team_id')
      .select(['teams.id', 'teams.court_id', 'teams.name'])
      .where('team_members.user_id', '=', userId)
      .orderBy('teams.id')
      .execute();
    // A user listed twice in one team is one membership.
    const seen = new Map<string, TeamRef>();
    for (const r of rows) seen.set(r.id, { id: r.id, courtId: r.court_id, name: r.name });
    return [...seen.values()];
  }

  /**
   * Issues an instruction to every team of `m.teamIds`. Each team must be visible to the issuer's
   * court (else ERR_FORBIDDEN, also for a team that does not exist: existence is not revealed).
   * Idempotent per (issuer, clientKey): a resend answers the first instruction's id, duplicate: true.
   */
  async issue(actor: Actor, m: IssueInstruction): Promise<IssueResult> {
    const existing = await this.#byClientKey(actor.userId, m.clientKey);
    if (existing) return { instructionId: existing, duplicate: true };
    const text = this.#textOf(m);
    const tree = this.#courts();
    const teams = await this.#db.selectFrom('teams').select(['id', 'court_id']).where('id', 'in', m.teamIds).execute();
    for (const teamId of m.teamIds) {
      const team = teams.find((t) => t.id === teamId);
      if (!team || !tree.canSee(actor.courtId, team.court_id)) {
        throw new ForbiddenError(`队伍 ${teamId} 不存在或不在本院管辖范围 / team ${teamId} is unknown or outside your court's branch`);
      }
    }
    await this.#checkCaseAndAction(actor, m, tree);

    const id = randomUUID();
    const now = this.#now();
    const at = now.toISOString();
    const inserted = await this.#db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('instructions')
        .values({
          id,
          client_key: m.clientKey,
          issued_by: actor.userId,
          issued_by_name: actor.name,
          court_id: actor.courtId,
          text,
          template: m.template ?? null,
          priority: m.priority,
          case_id: m.caseId ?? null,
          action_id: m.actionId ?? null,
          issued_at: at,
        })
        // A concurrent resend of the same key: the first insert wins, this one reports the duplicate.
        .onConflict((oc) => oc.columns(['issued_by', 'client_key']).doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!row) return false;
      await trx
        .insertInto('instruction_targets')
        .values(
          teams.map((t) => ({
            instruction_id: id,
            team_id: t.id,
            court_id: t.court_id,
            state: 'issued' as const,
            issued_at: at,
            delivered_at: null,
            acknowledged_at: null,
            acknowledged_by: null,
            acknowledged_by_name: null,
            finished_at: null,
            finished_by: null,
            finished_by_name: null,
            feedback_text: null,
            feedback_photo: null,
            refuse_reason: null,
            escalated_at: null,
            escalated_to: null,
          })),
        )
        .execute();
      await this.#recordEvents(trx, id, m.teamIds, 'issued', actor, now, {});
      await AuditLog.append(
        trx,
        {
          actorUserId: actor.userId,
          actorName: actor.username,
          courtId: actor.courtId,
          action: 'instruction.issue',
          targetType: 'instruction',
          targetId: id,
          detail: { teamIds: m.teamIds, text, template: m.template ?? null, priority: m.priority, caseId: m.caseId ?? null, actionId: m.actionId ?? null, clientKey: m.clientKey },
        },
        now,
      );
      return true;
    });
    if (!inserted) {
      const first = await this.#byClientKey(actor.userId, m.clientKey);
      if (!first) throw new Error('instruction neither inserted nor found');
      return { instructionId: first, duplicate: true };
    }
    this.emit('issued', await this.#viewOrThrow(id));
    return { instructionId: id, duplicate: false };
  }

  /** `instruction:delivered`: the terminal has it. */
  delivered(actor: Actor, m: InstructionStep): Promise<InstructionView> {
    return this.#step(actor, m, 'delivered', {});
  }

  /** `instruction:ack` (签收). */
  acknowledge(actor: Actor, m: InstructionStep): Promise<InstructionView> {
    return this.#step(actor, m, 'acknowledged', {});
  }

  /** `instruction:feedback` (反馈): done, with text and optionally a photo. */
  feedback(actor: Actor, m: InstructionFeedback): Promise<InstructionView> {
    if (m.photo !== undefined) checkPhoto(m.photo);
    return this.#step(actor, m, 'done', { feedback_text: m.text, feedback_photo: m.photo ?? null });
  }

  /** `instruction:refuse` (拒收), with a reason. */
  refuse(actor: Actor, m: RefuseInstruction): Promise<InstructionView> {
    return this.#step(actor, m, 'refused', { refuse_reason: m.reason });
  }

  /**
   * Instructions still waiting for 签收 by any of `teamIds` (issued or delivered, not expired),
   * oldest first, each with only those teams' targets: what a connecting terminal is sent again.
   */
  async awaitingAck(teamIds: readonly string[]): Promise<InstructionView[]> {
    return this.#forTeams(teamIds, AWAITING_ACK, DEFAULT_LIST * 4);
  }

  /** `instruction:list` from a terminal: its teams' open instructions (not yet done, refused or expired), oldest first. */
  async listForTerminal(actor: Actor, m: ListInstructions): Promise<InstructionView[]> {
    const teams = await this.teamsOf(actor.userId);
    return this.#forTeams(
      teams.map((t) => t.id),
      OPEN_STATES,
      m.limit ?? DEFAULT_LIST,
    );
  }

  /**
   * `instruction:list` from a console: instructions with a target in the console's court branch,
   * newest first, each showing only the targets that branch may see.
   */
  async listForConsole(actor: Actor, m: ListInstructions): Promise<InstructionView[]> {
    const tree = this.#courts();
    const courtIds = tree.subtree(actor.courtId);
    if (courtIds.length === 0) return [];
    let q = this.#db.selectFrom('instructions').select('id');
    if (!coversAllCourts(tree, courtIds)) {
      q = q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('instruction_targets')
            .select('instruction_targets.team_id')
            .whereRef('instruction_targets.instruction_id', '=', 'instructions.id')
            .where('instruction_targets.court_id', 'in', courtIds),
        ),
      );
    }
    if (m.before !== undefined) q = q.where('issued_at', '<', new Date(m.before).toISOString());
    const rows = await q.orderBy('issued_at', 'desc').orderBy('id').limit(m.limit ?? DEFAULT_LIST).execute();
    const views = await this.#views(rows.map((r) => r.id));
    return views.map((v) => ({ ...v, targets: v.targets.filter((t) => tree.canSee(actor.courtId, t.courtId)) }));
  }

  /** `instruction:photo`: one team's feedback photo, for a console whose court may see that team. */
  async photo(actor: Actor, m: InstructionPhotoRequest): Promise<{ photo: string }> {
    const row = await this.#db
      .selectFrom('instruction_targets')
      .select(['court_id', 'feedback_photo'])
      .where('instruction_id', '=', m.instructionId)
      .where('team_id', '=', m.teamId)
      .executeTakeFirst();
    if (!row || !this.#courts().canSee(actor.courtId, row.court_id)) throw new NotFoundError(`指令 ${m.instructionId} / instruction ${m.instructionId}`);
    if (row.feedback_photo === null) throw new NotFoundError(`照片 / photo of instruction ${m.instructionId}`);
    return { photo: row.feedback_photo };
  }

  /** Sweeps every sweepIntervalMs until close(); the timer never holds the process open. */
  start(): void {
    if (this.#closed || this.#timer) return;
    this.#timer = setInterval(() => {
      this.sweep().catch((err: unknown) => this.#logger.error({ err }, 'instruction sweep failed'));
    }, this.#sweepIntervalMs);
    this.#timer.unref();
  }

  /**
   * Expires targets never signed for within expireAfterMinutes, then escalates targets not signed
   * for within ackWindowSeconds: a warning to the consoles that may see the team, sent to the team's
   * leader too, recorded on the target. Runs one at a time; each claim is a conditional update, so
   * two servers sweeping one store never escalate a target twice.
   */
  sweep(): Promise<void> {
    const run = this.#sweeping.then(() => (this.#closed ? undefined : this.#sweepOnce()));
    // The chain must survive a failed sweep; the caller of this sweep still sees its error.
    this.#sweeping = run.catch(() => undefined);
    return run;
  }

  /** Stops the timer and waits for a sweep in flight; a second call does nothing more. */
  async close(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    this.#closed = true;
    await this.#sweeping;
  }

  async #sweepOnce(): Promise<void> {
    const now = this.#now();
    await this.#expire(now);
    await this.#escalate(now);
  }

  async #expire(now: Date): Promise<void> {
    const cutoff = new Date(now.getTime() - this.#config.expireAfterMinutes * 60_000).toISOString();
    const stale = await this.#db
      .selectFrom('instruction_targets')
      .select(['instruction_id', 'team_id', 'state'])
      .where('state', 'in', AWAITING_ACK)
      .where('issued_at', '<=', cutoff)
      .orderBy('issued_at')
      .limit(SWEEP_BATCH)
      .execute();
    for (const t of stale) {
      const done = await this.#db.transaction().execute(async (trx) => {
        const r = await trx
          .updateTable('instruction_targets')
          .set({ state: 'expired', finished_at: now.toISOString() })
          .where('instruction_id', '=', t.instruction_id)
          .where('team_id', '=', t.team_id)
          .where('state', '=', t.state)
          .executeTakeFirst();
        if (Number(r.numUpdatedRows) !== 1) return false;
        await this.#recordEvents(trx, t.instruction_id, [t.team_id], 'expired', null, now, { after: `${this.#config.expireAfterMinutes} min` });
        await AuditLog.append(
          trx,
          { actorUserId: null, actorName: SYSTEM_ACTOR, courtId: null, action: AUDIT_ACTION.expired, targetType: 'instruction', targetId: t.instruction_id, detail: { teamIds: [t.team_id], from: t.state } },
          now,
        );
        return true;
      });
      if (done) await this.#announceUpdate(t.instruction_id, [t.team_id]);
    }
  }

  async #escalate(now: Date): Promise<void> {
    const cutoff = new Date(now.getTime() - this.#config.ackWindowSeconds * 1_000).toISOString();
    const late = await this.#db
      .selectFrom('instruction_targets')
      .innerJoin('teams', 'teams.id', 'instruction_targets.team_id')
      .innerJoin('instructions', 'instructions.id', 'instruction_targets.instruction_id')
      .leftJoin('users as leader', 'leader.id', 'teams.leader_user_id')
      .select([
        'instruction_targets.instruction_id',
        'instruction_targets.team_id',
        'instruction_targets.court_id',
        'instruction_targets.state',
        'teams.name as team_name',
        'teams.leader_user_id',
        'leader.display_name as leader_name',
        'instructions.text',
        'instructions.priority',
      ])
      .where('instruction_targets.state', 'in', AWAITING_ACK)
      .where('instruction_targets.escalated_at', 'is', null)
      .where('instruction_targets.issued_at', '<=', cutoff)
      .orderBy('instruction_targets.issued_at')
      .limit(SWEEP_BATCH)
      .execute();
    for (const t of late) {
      const notified = t.leader_name !== null ? `，已通知组长 ${t.leader_name}` : '，该组未设组长';
      const warning = await this.#db.transaction().execute(async (trx): Promise<Warning | null> => {
        const r = await trx
          .updateTable('instruction_targets')
          .set({ escalated_at: now.toISOString(), escalated_to: t.leader_user_id })
          .where('instruction_id', '=', t.instruction_id)
          .where('team_id', '=', t.team_id)
          .where('escalated_at', 'is', null)
          .where('state', 'in', AWAITING_ACK)
          .executeTakeFirst();
        if (Number(r.numUpdatedRows) !== 1) return null;
        const w = await this.#warnings.insert(
          trx,
          {
            courtId: t.court_id,
            teamId: t.team_id,
            instructionId: t.instruction_id,
            kind: 'instruction-unacked',
            level: t.priority === 'critical' ? 'critical' : 'high',
            text: `指令未签收：${t.team_name}（${this.#courtName(t.court_id)}）${windowText(this.#config.ackWindowSeconds)}内未签收“${t.text}”${notified}`,
            raisedBy: null,
          },
          now,
        );
        await this.#recordEvents(trx, t.instruction_id, [t.team_id], 'escalated', null, now, { leaderUserId: t.leader_user_id, warningId: w?.id ?? null });
        await AuditLog.append(
          trx,
          {
            actorUserId: null,
            actorName: SYSTEM_ACTOR,
            courtId: t.court_id,
            action: AUDIT_ACTION.escalated,
            targetType: 'instruction',
            targetId: t.instruction_id,
            detail: { teamIds: [t.team_id], leaderUserId: t.leader_user_id, warningId: w?.id ?? null, state: t.state },
          },
          now,
        );
        return w;
      });
      if (!warning) continue;
      this.#warnings.announce(warning, t.leader_user_id !== null ? [t.leader_user_id] : []);
      await this.#announceUpdate(t.instruction_id, [t.team_id]);
    }
  }

  /**
   * Applies one terminal step for the actor's teams among the instruction's targets (`m.teamId`
   * narrows to one). A target of a team the actor is not in is ERR_NOT_FOUND; a step the state
   * machine refuses is ERR_INVALID_STATE; a repeated step changes nothing and answers the state.
   */
  async #step(actor: Actor, m: InstructionStep, to: TerminalStep, extra: Updateable<InstructionTargetTable>): Promise<InstructionView> {
    const mine = (await this.teamsOf(actor.userId)).map((t) => t.id);
    const notFound = () => new NotFoundError(`指令 ${m.instructionId} / instruction ${m.instructionId}`);
    if (mine.length === 0) throw notFound();
    let targets = await this.#db
      .selectFrom('instruction_targets')
      .select(['team_id', 'state'])
      .where('instruction_id', '=', m.instructionId)
      .where('team_id', 'in', mine)
      .orderBy('team_id')
      .execute();
    if (m.teamId !== undefined) targets = targets.filter((t) => t.team_id === m.teamId);
    if (targets.length === 0) throw notFound();
    const outcomes = targets.map((t) => ({ ...t, outcome: stepOutcome(t.state, to) }));
    const refused = outcomes.find((t) => t.outcome === 'refuse');
    if (refused) {
      throw new InvalidStateError(`指令${STATE_NAMES[refused.state]}，不能改为${STATE_NAMES[to]} / instruction is ${refused.state}, cannot become ${to}`);
    }
    const apply = outcomes.filter((t) => t.outcome === 'apply');
    if (apply.length > 0) {
      const now = this.#now();
      const at = now.toISOString();
      await this.#db.transaction().execute(async (trx) => {
        for (const t of apply) {
          const r = await trx
            .updateTable('instruction_targets')
            .set(changesFor(to, actor, at, extra))
            .where('instruction_id', '=', m.instructionId)
            .where('team_id', '=', t.team_id)
            .where('state', '=', t.state)
            .executeTakeFirst();
          // Another terminal of the team stepped it between our read and this write.
          if (Number(r.numUpdatedRows) !== 1) throw new InvalidStateError('指令状态已变化，请重试 / the instruction changed meanwhile, retry');
          if (t.state === 'issued' && to !== 'delivered') {
            // A 签收 or refusal without a delivery receipt proves delivery too: fill in its time.
            await trx.updateTable('instruction_targets').set({ delivered_at: at }).where('instruction_id', '=', m.instructionId).where('team_id', '=', t.team_id).where('delivered_at', 'is', null).execute();
          }
        }
        const teamIds = apply.map((t) => t.team_id);
        const detail = eventDetail(to, extra);
        await this.#recordEvents(trx, m.instructionId, teamIds, to, actor, now, detail);
        await AuditLog.append(
          trx,
          { actorUserId: actor.userId, actorName: actor.username, courtId: actor.courtId, action: AUDIT_ACTION[to], targetType: 'instruction', targetId: m.instructionId, detail: { teamIds, ...detail } },
          now,
        );
      });
      await this.#announceUpdate(
        m.instructionId,
        apply.map((t) => t.team_id),
      );
    }
    const view = await this.#viewOrThrow(m.instructionId);
    const teamIds = new Set(targets.map((t) => t.team_id));
    return { ...view, targets: view.targets.filter((t) => teamIds.has(t.teamId)) };
  }

  async #announceUpdate(instructionId: string, teamIds: readonly string[]): Promise<void> {
    const view = await this.#views([instructionId]);
    if (view[0]) this.emit('updated', view[0], teamIds);
  }

  async #forTeams(teamIds: readonly string[], states: readonly InstructionState[], limit: number): Promise<InstructionView[]> {
    if (teamIds.length === 0) return [];
    const expiredBefore = new Date(this.#now().getTime() - this.#config.expireAfterMinutes * 60_000).toISOString();
    const rows = await this.#db
      .selectFrom('instruction_targets')
      .select(['instruction_id', 'state', 'issued_at'])
      .where('team_id', 'in', teamIds)
      .where('state', 'in', states)
      .orderBy('issued_at')
      .orderBy('instruction_id')
      .limit(limit * 2)
      .execute();
    // Past its expiry but not yet swept: as good as expired, never replayed.
    const live = rows.filter((r) => !(AWAITING_ACK.includes(r.state) && r.issued_at <= expiredBefore));
    const ids = [...new Set(live.map((r) => r.instruction_id))].slice(0, limit);
    const wanted = new Set(teamIds);
    const views = await this.#views(ids);
    return views.map((v) => ({ ...v, targets: v.targets.filter((t) => wanted.has(t.teamId)) }));
  }

  async #viewOrThrow(id: string): Promise<InstructionView> {
    const [view] = await this.#views([id]);
    if (!view) throw new NotFoundError(`指令 ${id} / instruction ${id}`);
    return view;
  }

  /** Views of `ids` in the order given, with every target. */
  async #views(ids: readonly string[]): Promise<InstructionView[]> {
    if (ids.length === 0) return [];
    const [instructions, targets] = await Promise.all([
      this.#db.selectFrom('instructions').selectAll().where('id', 'in', ids).execute(),
      this.#db
        .selectFrom('instruction_targets')
        .innerJoin('teams', 'teams.id', 'instruction_targets.team_id')
        .select(TARGET_COLUMNS)
        .select((eb) => eb.case().when('instruction_targets.feedback_photo', 'is', null).then(0).else(1).end().as('has_photo'))
        .where('instruction_targets.instruction_id', 'in', ids)
        .orderBy('instruction_targets.court_id')
        .orderBy('teams.name')
        .orderBy('instruction_targets.team_id')
        .execute(),
    ]);
    const byId = new Map(instructions.map((i) => [i.id, i]));
    const out: InstructionView[] = [];
    for (const id of ids) {
      const i = byId.get(id);
      if (!i) continue;
      out.push({
        id: i.id,
        text: i.text,
        template: i.template,
        priority: i.priority,
        issuedAt: i.issued_at,
        issuedBy: { id: i.issued_by, name: i.issued_by_name },
        courtId: i.court_id,
        caseId: i.case_id,
        actionId: i.action_id,
        targets: targets
          .filter((t) => t.instruction_id === id)
          .map((t) => ({
            teamId: t.team_id,
            teamName: t.team_name,
            courtId: t.court_id,
            state: t.state,
            deliveredAt: t.delivered_at,
            acknowledgedAt: t.acknowledged_at,
            acknowledgedBy: t.acknowledged_by !== null ? { id: t.acknowledged_by, name: t.acknowledged_by_name ?? '' } : null,
            finishedAt: t.finished_at,
            finishedBy: t.finished_by !== null ? { id: t.finished_by, name: t.finished_by_name ?? '' } : null,
            feedback: t.feedback_text !== null ? { text: t.feedback_text, hasPhoto: Number(t.has_photo) === 1 } : null,
            refuseReason: t.refuse_reason,
            escalatedAt: t.escalated_at,
          })),
      });
    }
    return out;
  }

  async #recordEvents(
    trx: Transaction<Database>,
    instructionId: string,
    teamIds: readonly string[],
    kind: InstructionState | 'escalated',
    actor: Actor | null,
    now: Date,
    detail: Record<string, unknown>,
  ): Promise<void> {
    await trx
      .insertInto('instruction_events')
      .values(
        teamIds.map((teamId) => ({
          id: randomUUID(),
          instruction_id: instructionId,
          team_id: teamId,
          kind,
          at: now.toISOString(),
          actor_user_id: actor?.userId ?? null,
          actor_name: actor?.name ?? SYSTEM_ACTOR,
          detail: JSON.stringify(detail),
        })),
      )
      .execute();
  }

  /** The instruction's text: the template's (config) or the free text; exactly one of them. */
  #textOf(m: IssueInstruction): string {
    if (m.template !== undefined && m.text !== undefined) throw new BadMessageError('/text: give either template or text, not both');
    if (m.template !== undefined) {
      const text = Object.hasOwn(this.#config.templates, m.template) ? this.#config.templates[m.template] : undefined;
      if (text === undefined) throw new BadMessageError(`/template: unknown template "${m.template}"`);
      return text;
    }
    if (m.text === undefined || m.text.trim() === '') throw new BadMessageError('/text: give a template or a non-blank text');
    return m.text.trim();
  }

  /** A case or action named on the instruction must exist within the issuer's branch, and agree with each other. */
  async #checkCaseAndAction(actor: Actor, m: IssueInstruction, tree: CourtTree): Promise<void> {
    if (m.caseId !== undefined) {
      const c = await this.#db.selectFrom('cases').select('court_id').where('id', '=', m.caseId).executeTakeFirst();
      if (!c || !tree.canSee(actor.courtId, c.court_id)) {
        throw new ForbiddenError(`案件 ${m.caseId} 不存在或不在本院管辖范围 / case ${m.caseId} is unknown or outside your court's branch`);
      }
    }
    if (m.actionId !== undefined) {
      const a = await this.#db.selectFrom('actions').select(['court_id', 'case_id']).where('id', '=', m.actionId).executeTakeFirst();
      if (!a || !tree.canSee(actor.courtId, a.court_id)) {
        throw new ForbiddenError(`行动 ${m.actionId} 不存在或不在本院管辖范围 / action ${m.actionId} is unknown or outside your court's branch`);
      }
      if (m.caseId !== undefined && a.case_id !== m.caseId) throw new BadMessageError(`/actionId: action ${m.actionId} belongs to another case`);
    }
  }

  #courtName(courtId: string): string {
    return this.#courts().get(courtId)?.shortName ?? courtId;
  }

  async #byClientKey(userId: string, clientKey: string): Promise<string | null> {
    const row = await this.#db.selectFrom('instructions').select('id').where('issued_by', '=', userId).where('client_key', '=', clientKey).executeTakeFirst();
    return row?.id ?? null;
  }
}

/** The column changes of a terminal step. */
function changesFor(to: TerminalStep, actor: Actor, at: string, extra: Updateable<InstructionTargetTable>): Updateable<InstructionTargetTable> {
  switch (to) {
    case 'delivered':
      return { state: to, delivered_at: at };
    case 'acknowledged':
      return { state: to, acknowledged_at: at, acknowledged_by: actor.userId, acknowledged_by_name: actor.name };
    case 'done':
    case 'refused':
      return { ...extra, state: to, finished_at: at, finished_by: actor.userId, finished_by_name: actor.name };
  }
}

/** What the event row and audit entry say about a step (the photo is recorded as present, not copied). */
function eventDetail(to: TerminalStep, extra: Updateable<InstructionTargetTable>): Record<string, unknown> {
  if (to === 'done') return { feedback: extra.feedback_text ?? null, photo: extra.feedback_photo ? true : false };
  if (to === 'refused') return { reason: extra.refuse_reason ?? null };
  return {};
}

/** 120 → "2分钟", 45 → "45秒". */
function windowText(seconds: number): string {
  return seconds % 60 === 0 ? `${seconds / 60}分钟` : `${seconds}秒`;
}
