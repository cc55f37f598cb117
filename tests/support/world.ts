import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Role, RiskColour, RiskFactor, CaseStage } from '../../protocol/domain.ts';
import type { AuthService } from '../../server/auth/AuthService.ts';
import type { Database } from '../../server/store/schema.ts';

/** The small court tree every integration test shares: two branches under one high court. */
export const COURTS = {
  high: { id: 'c330000', name: '浙江省高级人民法院', short: '浙江高院', level: 'high', parent: null, code: '浙', lng: 120.15, lat: 30.27 },
  hz: { id: 'c330100', name: '杭州市中级人民法院', short: '杭州中院', level: 'intermediate', parent: 'c330000', code: '浙01', lng: 120.16, lat: 30.28 },
  nb: { id: 'c330200', name: '宁波市中级人民法院', short: '宁波中院', level: 'intermediate', parent: 'c330000', code: '浙02', lng: 121.55, lat: 29.87 },
  xihu: { id: 'c330106', name: '杭州市西湖区人民法院', short: '西湖法院', level: 'basic', parent: 'c330100', code: '浙0106', lng: 120.13, lat: 30.26 },
  binjiang: { id: 'c330108', name: '杭州市滨江区人民法院', short: '滨江法院', level: 'basic', parent: 'c330100', code: '浙0108', lng: 120.21, lat: 30.2 },
  haishu: { id: 'c330203', name: '宁波市海曙区人民法院', short: '海曙法院', level: 'basic', parent: 'c330200', code: '浙0203', lng: 121.55, lat: 29.86 },
} as const;
export type CourtKey = keyof typeof COURTS;

export const PASSWORD = 'Test-密码-123';

/** Users: every role at the high court, and command roles at lower courts of both branches. */
export const USERS: Readonly<Record<string, { role: Role; court: CourtKey }>> = {
  'h.operator': { role: 'operator', court: 'high' },
  'h.dispatcher': { role: 'dispatcher', court: 'high' },
  'h.leader': { role: 'leader', court: 'high' },
  'h.field': { role: 'field_officer', court: 'high' },
  'h.supervisor': { role: 'supervisor', court: 'high' },
  'h.sysadmin': { role: 'sysadmin', court: 'high' },
  'h.secadmin': { role: 'secadmin', court: 'high' },
  'h.auditadmin': { role: 'auditadmin', court: 'high' },
  'hz.leader': { role: 'leader', court: 'hz' },
  'hz.operator': { role: 'operator', court: 'hz' },
  'xihu.operator': { role: 'operator', court: 'xihu' },
  'xihu.field': { role: 'field_officer', court: 'xihu' },
  'nb.leader': { role: 'leader', court: 'nb' },
  'nb.operator': { role: 'operator', court: 'nb' },
  'haishu.dispatcher': { role: 'dispatcher', court: 'haishu' },
  'haishu.field': { role: 'field_officer', court: 'haishu' },
  /** Leader (组长) of 西湖's 执行一组: unsigned instructions escalate to this officer. */
  'xihu.teamlead': { role: 'field_officer', court: 'xihu' },
};

export interface WorldCase {
  id: string;
  court: CourtKey;
  colour: RiskColour;
  factors: RiskFactor[];
  stage: CaseStage;
  dueOn: string | null;
  /** 裁执分离: handed over to the executing organ on this day (starts the 三色督办 clock). */
  handedOverOn?: string;
}

/** Cases: a few per basic court, of every colour, some overdue (today is taken as 2026-06-01). */
export const CASES: readonly WorldCase[] = [
  { id: 'case-xihu-1', court: 'xihu', colour: 'red', factors: ['violence_risk'], stage: 'on_site', dueOn: '2026-01-10' },
  { id: 'case-xihu-2', court: 'xihu', colour: 'green', factors: [], stage: 'asset_search', dueOn: '2099-01-01' },
  { id: 'case-xihu-3', court: 'xihu', colour: 'yellow', factors: ['key_person'], stage: 'closed', dueOn: null },
  { id: 'case-binjiang-1', court: 'binjiang', colour: 'blue', factors: ['petition'], stage: 'service', dueOn: '2026-02-01' },
  { id: 'case-binjiang-2', court: 'binjiang', colour: 'yellow', factors: ['stability_risk'], stage: 'disposal', dueOn: '2099-01-01', handedOverOn: '2020-01-06' },
  { id: 'case-haishu-1', court: 'haishu', colour: 'red', factors: ['violence_risk'], stage: 'on_site', dueOn: '2026-03-01' },
  { id: 'case-haishu-2', court: 'haishu', colour: 'green', factors: [], stage: 'filing', dueOn: '2099-01-01' },
];

/** Enforcement actions, planned, with no team assigned yet (tests assign them). */
export const ACTIONS = {
  xihu: { id: 'action-xihu-1', caseId: 'case-xihu-1', court: 'xihu', kind: 'eviction' },
  haishu: { id: 'action-haishu-1', caseId: 'case-haishu-1', court: 'haishu', kind: 'seizure' },
} as const;

/** Writes the world into an empty, migrated database. */
export async function buildWorld(db: Kysely<Database>, auth: AuthService): Promise<Record<string, string>> {
  await db
    .insertInto('courts')
    .values(
      Object.values(COURTS).map((c) => ({
        id: c.id,
        name: c.name,
        short_name: c.short,
        level: c.level,
        parent_id: c.parent,
        case_code: c.code,
        division_code: c.id.slice(1),
        lng: c.lng,
        lat: c.lat,
      })),
    )
    .execute();
  const userIds: Record<string, string> = {};
  for (const [username, u] of Object.entries(USERS)) {
    userIds[username] = await auth.createUser({ username, displayName: username, courtId: COURTS[u.court].id, role: u.role, password: PASSWORD });
  }
  let n = 1;
  for (const c of CASES) {
    const court = COURTS[c.court];
    await db
      .insertInto('cases')
      .values({
        id: c.id,
        case_number: `(2026)${court.code}执${n++}号`,
        court_id: court.id,
        applicant: '王某华',
        respondent: '杭州某某贸易有限公司',
        amount_fen: 12_345_600,
        filed_on: '2025-12-01',
        track: 'complex',
        stage: c.stage,
        stage_entered_on: '2026-01-01',
        stage_due_on: c.dueOn,
        handed_over_on: c.handedOverOn ?? null,
        risk_factors: JSON.stringify(c.factors),
        risk_colour: c.colour,
        risk_reasons: '[]',
        colour_override: null,
        override_reason: null,
        tags: '[]',
        lng: court.lng + 0.01,
        lat: court.lat + 0.01,
        team_id: null,
        closed_on: c.stage === 'closed' ? '2026-02-01' : null,
      })
      .execute();
  }
  for (const a of Object.values(ACTIONS)) {
    const court = COURTS[a.court];
    await db
      .insertInto('actions')
      .values({
        id: a.id,
        case_id: a.caseId,
        court_id: court.id,
        kind: a.kind,
        planned_at: '2026-06-01T06:00:00.000Z',
        status: 'planned',
        risk_factors: JSON.stringify(['violence_risk']),
        risk_colour: 'red',
        risk_reasons: JSON.stringify([{ factor: 'violence_risk', colour: 'red', text: '暴力风险' }]),
        lng: court.lng + 0.01,
        lat: court.lat + 0.01,
      })
      .execute();
  }
  const teamId = randomUUID();
  await db.insertInto('teams').values({ id: teamId, court_id: COURTS.xihu.id, name: '执行一组', leader_user_id: null, vehicle: '浙A·12345', status: 'idle', last_lng: null, last_lat: null, last_position_at: null }).execute();
  await db.insertInto('team_members').values({ team_id: teamId, name: '李某明', duty: 'judge', user_id: null }).execute();
  // Field officers report positions for the team they belong to (h.field belongs to none).
  await db.insertInto('team_members').values({ team_id: teamId, name: '王某刚', duty: 'police', user_id: userIds['xihu.field'] ?? null }).execute();
  const haishuTeamId = randomUUID();
  await db.insertInto('teams').values({ id: haishuTeamId, court_id: COURTS.haishu.id, name: '执行一组', leader_user_id: null, vehicle: null, status: 'idle', last_lng: null, last_lat: null, last_position_at: null }).execute();
  await db.insertInto('team_members').values({ team_id: haishuTeamId, name: '陈某', duty: 'police', user_id: userIds['haishu.field'] ?? null }).execute();
  await db.insertInto('team_members').values({ team_id: teamId, name: '赵组长', duty: 'judge', user_id: userIds['xihu.teamlead'] ?? null }).execute();
  await db.updateTable('teams').set({ leader_user_id: userIds['xihu.teamlead'] ?? null }).where('id', '=', teamId).execute();
  return userIds;
}
