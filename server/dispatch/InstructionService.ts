import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Kysely, Updateable } from 'kysely';
import type { Config } from '../../config/schema.ts';
import type {
  InstructionFeedback,
  InstructionState,
  InstructionStep,
  InstructionTemplate,
  InstructionView,
  IssueInstruction,
  IssueResult,
  RefuseInstruction,
} from '../../protocol/instruction.ts';
import { AuditLog } from '../audit/index.ts';
import type { CourtTree } from '../courts/index.ts';
import { BadMessageError, ForbiddenError, InvalidStateError, NotFoundError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { Database, InstructionTargetTable } from '../store/index.ts';
import type { TeamDirectory } from '../teams/index.ts';
import type { Actor } from '../auth/index.ts';
import type { ActionTarget } from '../actions/index.ts';
import { dateOf, systemClock, type Clock } from '../clock.ts';
import { loadInstructionViews, recordInstructionEvents } from './instructionRecords.ts';
import { checkInstructAuthority } from './instructAuthority.ts';
import { InstructionSweeper } from './InstructionSweeper.ts';
import { stepOutcome } from './instructionState.ts';
import { checkPhoto } from '../photo.ts';
import type { WarningService } from '../warnings/index.ts';

export type DispatchConfig = Config['dispatch'];

export interface InstructionServiceOptions {
  db: Kysely<Database>;
  courts: () => CourtTree;
  warnings: WarningService;
  teams: TeamDirectory;
  /** The actions feature: an instruction to an action goes to its teams. */
  actions: { target(actionId: string): Promise<ActionTarget | null> };
  /** The cases feature: a case named on an instruction must be within the issuer's branch. */
  cases: { courtOf(caseId: string): Promise<string | null> };
  config: DispatchConfig;
  logger: Logger;
  /** The clock; tests pass a ManualClock and call sweep() themselves. */
  clock?: Clock;
  /** How often start() sweeps for unacknowledged and stale targets (default 5 s). */
  sweepIntervalMs?: number;
  /** config actions.upperCourtsMayInstruct (default false: an upper court supervises, it does not instruct a subordinate court's teams). */
  upperCourtsMayInstruct?: boolean;
}

export interface InstructionServiceEvents {
  /** A new instruction, committed; the view holds every target (handlers filter per receiver). */
  issued: [InstructionView];
  /** The targets of `teamIds` changed (a step, an expiry, an escalation); the view holds every target. */
  updated: [InstructionView, readonly string[]];
}

/** The steps a terminal takes; expiry is the sweep's. */
type TerminalStep = 'delivered' | 'acknowledged' | 'done' | 'refused';

const AUDIT_ACTION: Record<TerminalStep, string> = {
  delivered: 'instruction.deliver',
  acknowledged: 'instruction.ack',
  done: 'instruction.feedback',
  refused: 'instruction.refuse',
};

const STATE_NAMES: Record<InstructionState, string> = {
  issued: '已下达',
  delivered: '已送达',
  acknowledged: '已签收',
  done: '已反馈',
  refused: '已拒收',
  expired: '已过期',
};

const DEFAULT_SWEEP_MS = 5_000;
/**
 * Instructions (执行指令): issue, the terminal's steps, replay, expiry and escalation. Every change
 * is stored with an instruction_events row and an audit entry in one transaction, then announced
 * (events 'issued'/'updated'); handlers.ts turns announcements into socket messages. All state is in
 * the store, so a restarted server replays and escalates where the last one stopped.
 */
export class InstructionService extends EventEmitter<InstructionServiceEvents> {
  readonly #db: Kysely<Database>;
  readonly #courts: () => CourtTree;
  readonly #config: DispatchConfig;
  readonly #clock: Clock;
  readonly #teams: TeamDirectory;
  readonly #actions: InstructionServiceOptions['actions'];
  readonly #cases: InstructionServiceOptions['cases'];
  readonly #sweeper: InstructionSweeper;
  readonly #upperCourtsMayInstruct: boolean;

  constructor(opts: InstructionServiceOptions) {
    super();
    this.#db = opts.db;
    this.#courts = opts.courts;
    this.#config = opts.config;
    this.#clock = opts.clock ?? systemClock;
    this.#teams = opts.teams;
    this.#actions = opts.actions;
    this.#cases = opts.cases;
    this.#upperCourtsMayInstruct = opts.upperCourtsMayInstruct ?? false;
    this.#sweeper = new InstructionSweeper({
      db: opts.db,
      courts: opts.courts,
      warnings: opts.warnings,
      config: opts.config,
      logger: opts.logger,
      clock: this.#clock,
      intervalMs: opts.sweepIntervalMs ?? DEFAULT_SWEEP_MS,
      announce: (id, teamIds) => this.#announceUpdate(id, teamIds),
    });
  }

  /** The one-click templates, in config order. */
  templates(): InstructionTemplate[] {
    return Object.entries(this.#config.templates).map(([key, text]) => ({ key, text }));
  }

  /**
   * Issues an instruction to every team of `m.teamIds`. Each team must be visible to the issuer's
   * court (else ERR_FORBIDDEN, also for a team that does not exist: existence is not revealed), and
   * of the issuer's own court unless config actions.upperCourtsMayInstruct (checkInstructAuthority).
   * Idempotent per (issuer, clientKey): a resend answers the first instruction's id, duplicate: true.
   */
  async issue(actor: Actor, m: IssueInstruction): Promise<IssueResult> {
    const existing = await this.#byClientKey(actor.userId, m.clientKey);
    if (existing) return { instructionId: existing, duplicate: true };
    const text = this.#textOf(m);
    const tree = this.#courts();
    const action = await this.#checkCaseAndAction(actor, m, tree);
    const teamIds = m.teamIds ?? action?.teamIds;
    if (teamIds === undefined) throw new BadMessageError('/teamIds: give teamIds, or an actionId to reach the action\'s teams');
    if (teamIds.length === 0) throw new InvalidStateError(`行动 ${m.actionId} 尚未指派队伍 / action ${m.actionId} has no teams assigned yet`);
    const teams = await this.#teams.refs(teamIds);
    checkInstructAuthority(actor, teamIds, teams, tree, this.#upperCourtsMayInstruct);

    const id = randomUUID();
    const now = dateOf(this.#clock);
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
            court_id: t.courtId,
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
      await recordInstructionEvents(trx, id, teamIds, 'issued', actor, now, {});
      await AuditLog.append(
        trx,
        {
          actorUserId: actor.userId,
          actorName: actor.username,
          courtId: actor.courtId,
          action: 'instruction.issue',
          targetType: 'instruction',
          targetId: id,
          detail: { teamIds, text, template: m.template ?? null, priority: m.priority, caseId: m.caseId ?? null, actionId: m.actionId ?? null, clientKey: m.clientKey },
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

  /** Starts the sweep for unacknowledged and stale targets (InstructionSweeper). */
  start(): void {
    this.#sweeper.start();
  }

  /** Expires and escalates what is due now; tests with a fake clock call it themselves. */
  sweep(): Promise<void> {
    return this.#sweeper.sweep();
  }

  /** Stops the sweep and waits for one in flight. */
  close(): Promise<void> {
    return this.#sweeper.close();
  }

  /**
   * Applies one terminal step for the actor's teams among the instruction's targets (`m.teamId`
   * narrows to one). A target of a team the actor is not in is ERR_NOT_FOUND; a step the state
   * machine refuses is ERR_INVALID_STATE; a repeated step changes nothing and answers the state.
   */
  async #step(actor: Actor, m: InstructionStep, to: TerminalStep, extra: Updateable<InstructionTargetTable>): Promise<InstructionView> {
    const mine = (await this.#teams.teamsOf(actor.userId)).map((t) => t.id);
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
      const now = dateOf(this.#clock);
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
        await recordInstructionEvents(trx, m.instructionId, teamIds, to, actor, now, detail);
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
    const view = await loadInstructionViews(this.#db, [instructionId]);
    if (view[0]) this.emit('updated', view[0], teamIds);
  }

  async #viewOrThrow(id: string): Promise<InstructionView> {
    const [view] = await loadInstructionViews(this.#db, [id]);
    if (!view) throw new NotFoundError(`指令 ${id} / instruction ${id}`);
    return view;
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

  /**
   * A case or action named on the instruction must exist within the issuer's branch, and agree with
   * each other. Answers the action's assigned teams (the targets when no teamIds are given).
   */
  async #checkCaseAndAction(actor: Actor, m: IssueInstruction, tree: CourtTree): Promise<{ teamIds: string[] } | null> {
    if (m.caseId !== undefined) {
      const caseCourt = await this.#cases.courtOf(m.caseId);
      if (caseCourt === null || !tree.canSee(actor.courtId, caseCourt)) {
        throw new ForbiddenError(`案件 ${m.caseId} 不存在或不在本院管辖范围 / case ${m.caseId} is unknown or outside your court's branch`);
      }
    }
    if (m.actionId === undefined) return null;
    const a = await this.#actions.target(m.actionId);
    if (!a || !tree.canSee(actor.courtId, a.courtId)) {
      throw new ForbiddenError(`行动 ${m.actionId} 不存在或不在本院管辖范围 / action ${m.actionId} is unknown or outside your court's branch`);
    }
    if (m.caseId !== undefined && a.caseId !== m.caseId) throw new BadMessageError(`/actionId: action ${m.actionId} belongs to another case`);
    if (a.status === 'finished' || a.status === 'cancelled') {
      throw new InvalidStateError(`行动已${a.status === 'finished' ? '结束' : '取消'} / action ${m.actionId} is ${a.status}`);
    }
    return { teamIds: a.teamIds };
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
