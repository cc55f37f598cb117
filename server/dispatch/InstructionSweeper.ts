import type { Kysely } from 'kysely';
import type { Config } from '../../config/schema.ts';
import type { Warning } from '../../protocol/warning.ts';
import { AuditLog } from '../audit/index.ts';
import type { Clock } from '../clock.ts';
import { PeriodicTask } from '../periodic.ts';
import type { CourtTree } from '../courts/index.ts';
import type { Logger } from '../logger.ts';
import type { Database } from '../store/index.ts';
import { SYSTEM_ACTOR } from '../auth/index.ts';
import { recordInstructionEvents } from './instructionRecords.ts';
import { AWAITING_ACK } from './instructionState.ts';
import type { WarningService } from '../warnings/index.ts';

export interface InstructionSweeperOptions {
  db: Kysely<Database>;
  courts: () => CourtTree;
  warnings: WarningService;
  config: Config['dispatch'];
  logger: Logger;
  clock: Clock;
  intervalMs: number;
  /** Tells the service that the targets of `teamIds` changed, after the commit. */
  announce: (instructionId: string, teamIds: readonly string[]) => Promise<void>;
}

/** Most targets one sweep expires or escalates; the next sweep takes the rest. */
const SWEEP_BATCH = 200;

/**
 * What happens to an instruction when nobody acts: expiry after expireAfterMinutes, escalation after
 * ackWindowSeconds (a warning to the consoles that may see the team, sent to the team's leader too,
 * recorded on the target). Runs one sweep at a time; each claim is a conditional update, so two
 * servers sweeping one store never expire or escalate a target twice.
 */
export class InstructionSweeper {
  readonly #o: InstructionSweeperOptions;
  readonly #task: PeriodicTask;
  #closed = false;

  constructor(opts: InstructionSweeperOptions) {
    this.#o = opts;
    this.#task = new PeriodicTask({
      clock: opts.clock,
      everyMs: opts.intervalMs,
      run: () => (this.#closed ? Promise.resolve() : this.#sweepOnce()),
      logger: opts.logger,
      what: 'instruction sweep failed',
    });
  }

  /** Sweeps every intervalMs until close(). */
  start(): void {
    if (!this.#closed) this.#task.start();
  }

  /** One sweep, after any sweep in flight; rejects with its failure. */
  sweep(): Promise<void> {
    return this.#task.runNow();
  }

  /** Stops the timer and waits for a sweep in flight; a second call does nothing more. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#task.close();
  }

  async #sweepOnce(): Promise<void> {
    const now = new Date(this.#o.clock.now());
    await this.#expire(now);
    await this.#escalate(now);
  }

  async #expire(now: Date): Promise<void> {
    const { db, config } = this.#o;
    const cutoff = new Date(now.getTime() - config.expireAfterMinutes * 60_000).toISOString();
    const stale = await db
      .selectFrom('instruction_targets')
      .select(['instruction_id', 'team_id', 'state'])
      .where('state', 'in', AWAITING_ACK)
      .where('issued_at', '<=', cutoff)
      .orderBy('issued_at')
      .limit(SWEEP_BATCH)
      .execute();
    for (const t of stale) {
      const done = await db.transaction().execute(async (trx) => {
        const r = await trx
          .updateTable('instruction_targets')
          .set({ state: 'expired', finished_at: now.toISOString() })
          .where('instruction_id', '=', t.instruction_id)
          .where('team_id', '=', t.team_id)
          .where('state', '=', t.state)
          .executeTakeFirst();
        if (Number(r.numUpdatedRows) !== 1) return false;
        await recordInstructionEvents(trx, t.instruction_id, [t.team_id], 'expired', null, now, { after: `${config.expireAfterMinutes} min` });
        await AuditLog.append(
          trx,
          { actorUserId: null, actorName: SYSTEM_ACTOR, courtId: null, action: 'instruction.expire', targetType: 'instruction', targetId: t.instruction_id, detail: { teamIds: [t.team_id], from: t.state } },
          now,
        );
        return true;
      });
      if (done) await this.#o.announce(t.instruction_id, [t.team_id]);
    }
  }

  async #escalate(now: Date): Promise<void> {
    const { db, config, warnings } = this.#o;
    const cutoff = new Date(now.getTime() - config.ackWindowSeconds * 1_000).toISOString();
    const late = await db
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
      const courtName = this.#o.courts().get(t.court_id)?.shortName ?? t.court_id;
      const warning = await db.transaction().execute(async (trx): Promise<Warning | null> => {
        const r = await trx
          .updateTable('instruction_targets')
          .set({ escalated_at: now.toISOString(), escalated_to: t.leader_user_id })
          .where('instruction_id', '=', t.instruction_id)
          .where('team_id', '=', t.team_id)
          .where('escalated_at', 'is', null)
          .where('state', 'in', AWAITING_ACK)
          .executeTakeFirst();
        if (Number(r.numUpdatedRows) !== 1) return null;
        const w = await warnings.insert(
          trx,
          {
            courtId: t.court_id,
            teamId: t.team_id,
            instructionId: t.instruction_id,
            kind: 'instruction-unacked',
            level: t.priority === 'critical' ? 'critical' : 'high',
            text: `指令未签收：${t.team_name}（${courtName}）${windowText(config.ackWindowSeconds)}内未签收“${t.text}”${notified}`,
            raisedBy: null,
          },
          now,
        );
        await recordInstructionEvents(trx, t.instruction_id, [t.team_id], 'escalated', null, now, { leaderUserId: t.leader_user_id, warningId: w?.id ?? null });
        await AuditLog.append(
          trx,
          {
            actorUserId: null,
            actorName: SYSTEM_ACTOR,
            courtId: t.court_id,
            action: 'instruction.escalate',
            targetType: 'instruction',
            targetId: t.instruction_id,
            detail: { teamIds: [t.team_id], leaderUserId: t.leader_user_id, warningId: w?.id ?? null, state: t.state },
          },
          now,
        );
        return w;
      });
      if (!warning) continue;
      warnings.announce(warning, t.leader_user_id !== null ? [t.leader_user_id] : []);
      await this.#o.announce(t.instruction_id, [t.team_id]);
    }
  }
}

/** 120 → "2分钟", 45 → "45秒". */
export function windowText(seconds: number): string {
  return seconds % 60 === 0 ? `${seconds / 60}分钟` : `${seconds}秒`;
}
