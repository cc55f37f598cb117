import { sql, type Kysely } from 'kysely';
import type { CaseCounts, CaseDetail, CaseListAnswer, CaseListQuery, CaseSummary } from '../../protocol/api.ts';
import type { RiskColour, RiskFactor } from '../../protocol/domain.ts';
import { BadRequestError } from '../errors.ts';
import type { CaseTable, Database } from '../store/index.ts';

const SUMMARY_COLUMNS = [
  'id',
  'case_number',
  'court_id',
  'applicant',
  'respondent',
  'amount_fen',
  'filed_on',
  'stage',
  'stage_due_on',
  'risk_colour',
  'risk_factors',
  'colour_override',
  'lng',
  'lat',
  'team_id',
] as const;
type SummaryRow = Pick<CaseTable, (typeof SUMMARY_COLUMNS)[number]>;

/** Computes the rules' colour of a set of factors (the risk rules, injected). */
export type Assess = (factors: RiskFactor[]) => { colour: RiskColour };

/** The supervision clock (三色督办) of a case handed over on a day, as of `today` (rules injected). */
export type Supervise = (handedOverOn: string, today: string) => CaseDetail['supervision'];

/** Working days after `from` up to `to`, negative when `to` is earlier (the work calendar, injected). */
export type WorkdaysBetween = (from: string, to: string) => number;

/** Parses `minLng,minLat,maxLng,maxLat`; throws BadRequestError (400 ERR_BAD_REQUEST) naming bbox when inverted or off the globe. */
export function parseBbox(bbox: string): [number, number, number, number] {
  const [minLng, minLat, maxLng, maxLat] = bbox.split(',').map(Number) as [number, number, number, number];
  const valid = minLng >= -180 && maxLng <= 180 && minLat >= -90 && maxLat <= 90 && minLng <= maxLng && minLat <= maxLat;
  if (!valid) throw new BadRequestError('querystring/bbox: expected minLng,minLat,maxLng,maxLat within -180..180 and -90..90, min ≤ max');
  return [minLng, minLat, maxLng, maxLat];
}

function toSummary(row: SummaryRow, today: string, assess: Assess): CaseSummary {
  return {
    id: row.id,
    caseNumber: row.case_number,
    courtId: row.court_id,
    applicant: row.applicant,
    respondent: row.respondent,
    amountYuan: Number(row.amount_fen) / 100,
    filedOn: row.filed_on,
    stage: row.stage,
    stageDueOn: row.stage_due_on,
    overdue: row.stage !== 'closed' && row.stage_due_on !== null && row.stage_due_on < today,
    riskColour: row.risk_colour,
    computedColour: row.colour_override === null ? null : assess(JSON.parse(row.risk_factors) as RiskFactor[]).colour,
    lng: row.lng,
    lat: row.lat,
    teamId: row.team_id,
  };
}

/** Case reads, always limited to a set of courts (the caller's scope). */
export class CaseQueries {
  readonly #db: Kysely<Database>;
  readonly #assess: Assess;

  readonly #supervise: Supervise;
  readonly #workdaysBetween: WorkdaysBetween;

  constructor(db: Kysely<Database>, assess: Assess, supervise: Supervise, workdaysBetween: WorkdaysBetween) {
    this.#db = db;
    this.#assess = assess;
    this.#supervise = supervise;
    this.#workdaysBetween = workdaysBetween;
  }

  /** The court of a case, or null when there is no such case. */
  async courtOf(caseId: string): Promise<string | null> {
    const row = await this.#db.selectFrom('cases').select('court_id').where('id', '=', caseId).executeTakeFirst();
    return row?.court_id ?? null;
  }

  /**
   * One page of cases in `courtIds` matching the filters: ordered by case number, or, when a bbox is
   * given (a map view), by position, which the colour/lat/lng index yields without sorting.
   * `allCourts` says that `courtIds` is every court there is, so no court filter is needed.
   */
  async list(courtIds: readonly string[], q: CaseListQuery, today: string, allCourts = false): Promise<CaseListAnswer> {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 50;
    if (courtIds.length === 0) return { items: [], total: 0, page, pageSize };
    let query = allCourts ? this.#db.selectFrom('cases') : this.#db.selectFrom('cases').where('court_id', 'in', courtIds);
    if (q.colour) query = query.where('risk_colour', '=', q.colour);
    if (q.stage) query = query.where('stage', '=', q.stage);
    if (q.bbox) {
      const [minLng, minLat, maxLng, maxLat] = parseBbox(q.bbox);
      query = query.where('lat', '>=', minLat).where('lat', '<=', maxLat).where('lng', '>=', minLng).where('lng', '<=', maxLng);
    }
    if (q.overdue !== undefined) {
      query = q.overdue
        ? query.where('stage', '!=', 'closed').where('stage_due_on', '<', today)
        : query.where((eb) => eb.or([eb('stage', '=', 'closed'), eb('stage_due_on', 'is', null), eb('stage_due_on', '>=', today)]));
    }
    // (lat, lng) is the index order, so a map page needs no sort; ties are broken by the table's own order.
    const ordered = q.bbox ? query.select(SUMMARY_COLUMNS).orderBy('lat').orderBy('lng') : query.select(SUMMARY_COLUMNS).orderBy('case_number');
    const rows = await ordered
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute();
    // A first page that is not full is the whole answer: counting would scan the same range again.
    const total =
      page === 1 && rows.length < pageSize
        ? rows.length
        : Number((await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    return { items: rows.map((r) => toSummary(r, today, this.#assess)), total, page, pageSize };
  }

  /** A case with its timeline and actions, or null (also when outside `courtIds`: no existence leak). */
  async detail(id: string, courtIds: readonly string[], today: string): Promise<CaseDetail | null> {
    if (courtIds.length === 0) return null;
    const row = await this.#db
      .selectFrom('cases')
      .innerJoin('courts', 'courts.id', 'cases.court_id')
      .selectAll('cases')
      .select('courts.name as court_name')
      .where('cases.id', '=', id)
      .where('cases.court_id', 'in', courtIds)
      .executeTakeFirst();
    if (!row) return null;
    const [events, actions] = await Promise.all([
      this.#db.selectFrom('case_events').select(['at', 'kind', 'text']).where('case_id', '=', id).orderBy('at').execute(),
      this.#db.selectFrom('actions').select(['id', 'kind', 'planned_at', 'status', 'risk_colour']).where('case_id', '=', id).orderBy('planned_at').execute(),
    ]);
    return {
      ...toSummary(row, today, this.#assess),
      courtName: row.court_name,
      track: row.track,
      handedOverOn: row.handed_over_on,
      riskFactors: JSON.parse(row.risk_factors) as string[],
      riskReasons: JSON.parse(row.risk_reasons) as CaseDetail['riskReasons'],
      overrideReason: row.override_reason,
      // The clock runs until the case closes: a closed case shows the colour it ended with.
      supervision: row.handed_over_on === null ? null : this.#supervise(row.handed_over_on, row.closed_on ?? today),
      tags: JSON.parse(row.tags) as string[],
      stageWorkdaysLeft: row.stage === 'closed' || row.stage_due_on === null ? null : this.#workdaysBetween(today, row.stage_due_on),
      timeline: events,
      actions: actions.map((a) => ({ id: a.id, kind: a.kind, plannedAt: a.planned_at, status: a.status, riskColour: a.risk_colour })),
    };
  }

  /** Active-case counts per court (by colour, overdue), for every court in `courtIds`. */
  async countsByCourt(courtIds: readonly string[], today: string): Promise<Map<string, CaseCounts>> {
    const out = new Map<string, CaseCounts>();
    if (courtIds.length === 0) return out;
    const rows = await this.#db
      .selectFrom('cases')
      .select([
        'court_id',
        'risk_colour',
        (eb) => eb.fn.countAll<number>().as('n'),
        sql<number>`sum(case when stage_due_on < ${today} then 1 else 0 end)`.as('overdue'),
      ])
      .where('court_id', 'in', courtIds)
      .where('stage', '!=', 'closed')
      .groupBy(['court_id', 'risk_colour'])
      .execute();
    for (const r of rows) {
      const c = out.get(r.court_id) ?? emptyCounts();
      const n = Number(r.n);
      c.active += n;
      c.byColour[r.risk_colour] += n;
      c.overdue += Number(r.overdue);
      out.set(r.court_id, c);
    }
    return out;
  }
}

export function emptyCounts(): CaseCounts {
  return { active: 0, byColour: { red: 0, yellow: 0, blue: 0, green: 0 }, overdue: 0 };
}
