import { sql, type Kysely } from 'kysely';
import type { MapSearchAnswer } from '../../protocol/map.ts';
import { flagBit, type MapCaseFlag } from '../../protocol/mapCases.ts';
import type { Database } from '../store/index.ts';
import type { MapCaseRow } from './encodeMapCases.ts';

// The map's reads. Read-only views across the cases and teams tables (their writers are the cases
// and teams features); every query is limited to a set of courts, the caller's scope.

/** `%q%` for LIKE with the wildcards of `q` escaped (ESCAPE '\'), lower-cased: the same on SQLite and PostgreSQL. */
export function likePattern(q: string): string {
  return `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The flag of a tag when cases.tags (a JSON array of text) holds it: a LIKE on the JSON text, portable. */
const tagFlag = (tag: string, flag: MapCaseFlag) => sql<number>`case when tags like ${`%"${tag}"%`} then ${flagBit(flag)} else 0 end`;

/** Case and team reads of the map feature. */
export class MapQueries {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  /**
   * Every active case (not closed) of `courtIds` as the map draws it, in no particular order (ordering
   * by 案号 walked its index and cost 3-4× the table scan). `allCourts`: the scope is the whole tree,
   * so the court filter is left out. Overdue is judged by `today`.
   */
  async cases(courtIds: readonly string[], today: string, allCourts: boolean): Promise<MapCaseRow[]> {
    if (courtIds.length === 0) return [];
    let q = this.#db.selectFrom('cases').where('stage', '!=', 'closed');
    if (!allCourts) q = q.where('court_id', 'in', courtIds);
    const rows = await q
      .select([
        'id',
        'court_id',
        'lng',
        'lat',
        'risk_colour',
        'stage',
        sql<number>`${sql.join(
          [
            sql`case when stage_due_on < ${today} then ${flagBit('overdue')} else 0 end`,
            tagFlag('涉众', 'mass'),
            tagFlag('涉稳', 'stability'),
            tagFlag('重点案件', 'key'),
            sql`case when handed_over_on is not null then ${flagBit('handedOver')} else 0 end`,
            sql`case when colour_override is not null then ${flagBit('overridden')} else 0 end`,
            sql`case when team_id is not null then ${flagBit('hasTeam')} else 0 end`,
          ],
          sql` + `,
        )}`.as('flags'),
      ])
      .execute();
    return rows.map((r) => ({ id: r.id, courtId: r.court_id, lng: r.lng, lat: r.lat, colour: r.risk_colour, stage: r.stage, flags: Number(r.flags) }));
  }

  /**
   * Active cases whose 案号 or party names contain `q`, by 案号, and teams whose name contains it,
   * by name; each list at most `limit`, `more` when either was cut.
   */
  async search(courtIds: readonly string[], q: string, limit: number): Promise<MapSearchAnswer> {
    if (courtIds.length === 0) return { cases: [], teams: [], more: false };
    const pattern = likePattern(q);
    const like = (column: 'case_number' | 'applicant' | 'respondent' | 'name') => sql<boolean>`lower(${sql.ref(column)}) like ${pattern} escape '\\'`;
    const [cases, teams] = await Promise.all([
      this.#db
        .selectFrom('cases')
        .select(['id', 'case_number', 'court_id', 'applicant', 'respondent', 'risk_colour', 'stage', 'lng', 'lat'])
        .where('court_id', 'in', courtIds)
        .where('stage', '!=', 'closed')
        .where((eb) => eb.or([like('case_number'), like('applicant'), like('respondent')]))
        .orderBy('case_number')
        .limit(limit + 1)
        .execute(),
      this.#db
        .selectFrom('teams')
        .select(['id', 'name', 'court_id', 'status', 'last_lng', 'last_lat'])
        .where('court_id', 'in', courtIds)
        .where(like('name'))
        .orderBy('name')
        .orderBy('id')
        .limit(limit + 1)
        .execute(),
    ]);
    return {
      cases: cases.slice(0, limit).map((c) => ({
        id: c.id,
        caseNumber: c.case_number,
        courtId: c.court_id,
        applicant: c.applicant,
        respondent: c.respondent,
        riskColour: c.risk_colour,
        stage: c.stage,
        lng: c.lng,
        lat: c.lat,
      })),
      teams: teams.slice(0, limit).map((t) => ({ id: t.id, name: t.name, courtId: t.court_id, status: t.status, lng: t.last_lng, lat: t.last_lat })),
      more: cases.length > limit || teams.length > limit,
    };
  }
}
