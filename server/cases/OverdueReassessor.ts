import type { ExpressionBuilder, Kysely, Selectable } from 'kysely';
import type { RiskFactor } from '../../protocol/domain.ts';
import { AuditLog } from '../audit/index.ts';
import { SYSTEM_ACTOR } from '../auth/index.ts';
import { dateOf, systemClock, type Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';
import type { CaseTable, Database } from '../store/index.ts';
import type { RiskAssessment } from '../risk/index.ts';

export interface OverdueReassessorOptions {
  db: Kysely<Database>;
  assess: (factors: RiskFactor[]) => RiskAssessment;
  /** Today in the courts' time zone, YYYY-MM-DD. */
  today: () => string;
  logger: Logger;
  clock?: Clock;
}

const FACTOR: RiskFactor = 'overdue_node';
/** Cases per transaction: one audit entry each, and the event loop is never held long (SQLite is synchronous). */
const BATCH = 500;

/**
 * 节点超期 is the one risk factor time alone changes: a case whose flow node passes its deadline
 * becomes overdue overnight, one whose stage moved on or that closed is overdue no more. This sweep
 * adds or removes the factor, recomputes the colour and its reasons (a person's override stays the
 * effective colour), and records each batch in the audit trail as the system's act.
 */
export class OverdueReassessor {
  readonly #o: OverdueReassessorOptions;
  #running: Promise<unknown> = Promise.resolve();

  constructor(opts: OverdueReassessorOptions) {
    this.#o = opts;
  }

  /** One pass (after any pass in flight): how many cases gained and lost the factor. */
  run(): Promise<{ added: number; removed: number }> {
    const pass = this.#running.catch(() => undefined).then(() => this.#pass());
    this.#running = pass;
    return pass;
  }

  async #pass(): Promise<{ added: number; removed: number }> {
    const today = this.#o.today();
    const like = `%"${FACTOR}"%`;
    // Open, and its flow node past its deadline.
    const overdue = (eb: ExpressionBuilder<Database, 'cases'>) => eb.and([eb('closed_on', 'is', null), eb('stage', '!=', 'closed'), eb('stage_due_on', '<', today)]);
    let added = 0;
    let removed = 0;
    for (;;) {
      const rows = await this.#o.db
        .selectFrom('cases')
        .select(['id', 'risk_factors', 'risk_colour', 'colour_override'])
        .where(overdue)
        .where('risk_factors', 'not like', like)
        .limit(BATCH)
        .execute();
      if (rows.length === 0) break;
      added += await this.#apply(rows, today, 'add');
    }
    for (;;) {
      const rows = await this.#o.db
        .selectFrom('cases')
        .select(['id', 'risk_factors', 'risk_colour', 'colour_override'])
        .where('risk_factors', 'like', like)
        .where((eb) => eb.not(overdue(eb)))
        .limit(BATCH)
        .execute();
      if (rows.length === 0) break;
      removed += await this.#apply(rows, today, 'remove');
    }
    if (added + removed > 0) this.#o.logger.info({ added, removed, today }, '节点超期已重评 / overdue risk factor re-assessed');
    return { added, removed };
  }

  async #apply(rows: Pick<Selectable<CaseTable>, 'id' | 'risk_factors' | 'risk_colour' | 'colour_override'>[], today: string, op: 'add' | 'remove'): Promise<number> {
    const now = dateOf(this.#o.clock ?? systemClock);
    let recoloured = 0;
    await this.#o.db.transaction().execute(async (trx) => {
      for (const r of rows) {
        const old = JSON.parse(r.risk_factors) as RiskFactor[];
        const factors = op === 'add' ? [...old, FACTOR] : old.filter((f) => f !== FACTOR);
        const risk = this.#o.assess(factors);
        const colour = r.colour_override ?? risk.colour;
        if (colour !== r.risk_colour) recoloured++;
        await trx
          .updateTable('cases')
          .set({ risk_factors: JSON.stringify(factors), risk_reasons: JSON.stringify(risk.reasons), risk_colour: colour })
          .where('id', '=', r.id)
          .execute();
      }
      await AuditLog.append(
        trx,
        {
          actorUserId: null,
          actorName: SYSTEM_ACTOR,
          courtId: null,
          action: 'risk.reassess',
          targetType: 'cases',
          targetId: today,
          detail: { factor: FACTOR, op, cases: rows.length, recoloured, caseIds: rows.map((r) => r.id) },
        },
        now,
      );
    });
    return rows.length;
  }
}
