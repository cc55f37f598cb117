import assert from 'node:assert/strict';
import { onTestFinished, test } from 'vitest';
import { CASE_STAGES, ROLES, type CaseStage, type RiskColour, type RiskFactor } from '../../protocol/domain.ts';
import { hashPassword, verifyPassword } from '../auth/password.ts';
import { Store } from '../store/Store.ts';
import { buildCourts, pointInPolygon } from './courts.ts';
import { seedDemoData, type SeedOptions, type SeedResult } from './generate.ts';
import { skipTitle } from '../../tests/support/skip.ts';
import { decodeChunk, type TrackPoint } from '../teams/trackChunk.ts';

const CASE_NUMBER = /^\(\d{4}\)浙\d{4}执(恢)?\d+号$/;
const TODAY = '2026-03-15';

/** A stand-in for the risk rules: enough to check that the generator stores what they answer. */
function assess(factors: RiskFactor[]): { colour: RiskColour; reasons: unknown[] } {
  const colour: RiskColour = factors.includes('violence_risk') || factors.length >= 3 ? 'red' : factors.length === 2 ? 'yellow' : factors.length === 1 ? 'blue' : 'green';
  return { colour, reasons: factors.map((factor) => ({ factor })) };
}

function stageDueOn(stage: CaseStage, enteredOn: string): string | null {
  if (stage === 'closed') return null;
  return new Date(Date.parse(enteredOn) + 30 * 86_400_000).toISOString().slice(0, 10);
}

const BASE = Object.freeze({
  seed: 20260315,
  cases: 2_000,
  today: TODAY,
  hashPassword: (plain: string) => hashPassword(plain, 1024),
  assess,
  stageDueOn,
} satisfies SeedOptions);

async function seeded(opts: Partial<SeedOptions> = {}): Promise<{ store: Store; result: SeedResult }> {
  const store = await Store.open({ dataDir: ':memory:' });
  try {
    const result = await seedDemoData(store.db, { ...BASE, ...opts });
    return { store, result };
  } catch (err) {
    await store.close();
    throw err;
  }
}

test('buildCourts() gives 1 high, 11 intermediate and 89 basic courts with real naming', () => {
  const courts = buildCourts();
  const count = (level: string) => courts.filter((c) => c.level === level).length;
  assert.equal(count('high'), 1);
  assert.equal(count('intermediate'), 11);
  assert.equal(count('basic'), 89);
  const byName = new Map(courts.map((c) => [c.name, c]));
  assert.equal(byName.get('浙江省高级人民法院')?.caseCode, '浙');
  assert.equal(byName.get('杭州市中级人民法院')?.caseCode, '浙01');
  assert.equal(byName.get('杭州市西湖区人民法院')?.caseCode, '浙0106');
  assert.equal(byName.get('杭州市西湖区人民法院')?.id, 'c330106');
  assert.ok(byName.has('义乌市人民法院'), 'county-level cities carry no city prefix');
  assert.ok(byName.has('淳安县人民法院'), 'counties carry no city prefix');
  assert.ok(!byName.has('金华市义乌市人民法院'));
  assert.equal(new Set(courts.map((c) => c.caseCode)).size, courts.length);
  for (const c of courts.filter((x) => x.polygon)) {
    assert.ok(pointInPolygon(c.lng, c.lat, c.polygon!), `${c.name}'s seat lies in its county`);
  }
});

test('seedDemoData() writes the counts it reports, with every non-high court under a parent', async () => {
  const { store, result } = await seeded();
  onTestFinished(() => store.close());
  const db = store.db;
  const n = async (table: 'courts' | 'users' | 'teams' | 'cases' | 'case_events' | 'actions') =>
    Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  assert.deepEqual(result.counts, {
    courts: await n('courts'),
    users: await n('users'),
    teams: await n('teams'),
    cases: await n('cases'),
    caseEvents: await n('case_events'),
    actions: await n('actions'),
  });
  assert.equal(result.counts.cases, 2_000);
  assert.equal(result.counts.courts, 101);
  assert.ok(result.counts.actions >= 20);
  const perCase = result.counts.caseEvents / result.counts.cases;
  assert.ok(perCase >= 3 && perCase <= 6, `${perCase} events per case`);

  const courts = await db.selectFrom('courts').selectAll().execute();
  const ids = new Set(courts.map((c) => c.id));
  for (const c of courts) {
    if (c.level === 'high') assert.equal(c.parent_id, null);
    else assert.ok(c.parent_id !== null && ids.has(c.parent_id), `${c.name} has a parent`);
  }
});

test('seedDemoData() makes at least 300 teams with the default teams per court, each with members and devices', async () => {
  const { store, result } = await seeded({ cases: 200 });
  onTestFinished(() => store.close());
  assert.ok(result.counts.teams >= 300, `${result.counts.teams} teams`);
  const db = store.db;
  const bare = await db
    .selectFrom('teams')
    .leftJoin('team_members', 'team_members.team_id', 'teams.id')
    .where('team_members.team_id', 'is', null)
    .select('teams.id')
    .execute();
  assert.deepEqual(bare, []);
  const duties = await db.selectFrom('team_members').select('duty').distinct().execute();
  assert.deepEqual(duties.map((d) => d.duty).sort(), ['assistant', 'clerk', 'judge', 'police']);
  const kinds = await db.selectFrom('devices').select('kind').distinct().execute();
  assert.deepEqual(kinds.map((d) => d.kind).sort(), ['body_cam', 'unit_4g']);
  const statuses = new Set((await db.selectFrom('teams').select('status').execute()).map((r) => r.status));
  assert.ok(statuses.has('idle'));
});

test('seedDemoData() returns exactly one demo account per role, each able to log in', async () => {
  const { store, result } = await seeded({ cases: 200 });
  onTestFinished(() => store.close());
  assert.deepEqual(result.accounts.map((a) => a.role).sort(), [...ROLES].sort());
  for (const a of result.accounts) {
    const u = await store.db.selectFrom('users').selectAll().where('username', '=', a.username).executeTakeFirstOrThrow();
    assert.equal(u.role, a.role);
    assert.ok(await verifyPassword(a.password, u.password_hash), `${a.username} logs in`);
    const court = await store.db.selectFrom('courts').select('name').where('id', '=', u.court_id).executeTakeFirstOrThrow();
    assert.equal(court.name, a.courtName);
  }
  const where = Object.fromEntries(result.accounts.map((a) => [a.role, a.courtName]));
  assert.equal(where.operator, '杭州市中级人民法院');
  assert.equal(where.field_officer, '杭州市西湖区人民法院');
  assert.equal(where.leader, '浙江省高级人民法院');
  const field = result.accounts.find((a) => a.role === 'field_officer')!;
  const member = await store.db
    .selectFrom('team_members')
    .innerJoin('users', 'users.id', 'team_members.user_id')
    .innerJoin('teams', 'teams.id', 'team_members.team_id')
    .select(['teams.court_id'])
    .where('users.username', '=', field.username)
    .executeTakeFirst();
  assert.equal(member?.court_id, 'c330106');
});

test('seedDemoData() is deterministic for a seed and differs across seeds', async () => {
  const snapshot = async (seed: number) => {
    const { store } = await seeded({ seed });
    onTestFinished(() => store.close());
    return store.db.selectFrom('cases').select(['id', 'case_number', 'lng', 'lat', 'amount_fen', 'stage']).orderBy('case_number').execute();
  };
  const a = await snapshot(7);
  const b = await snapshot(7);
  const c = await snapshot(8);
  assert.deepEqual(a, b);
  assert.notDeepEqual(
    a.map((r) => [r.case_number, r.lng, r.lat]),
    c.map((r) => [r.case_number, r.lng, r.lat]),
  );
});

test('seedDemoData() places every case inside its court county, with a unique well-formed case number', async () => {
  const { store } = await seeded();
  onTestFinished(() => store.close());
  const polygons = new Map(buildCourts().map((c) => [c.id, c]));
  const rows = await store.db.selectFrom('cases').selectAll().execute();
  const numbers = new Set<string>();
  for (const r of rows) {
    const court = polygons.get(r.court_id);
    assert.equal(court?.level, 'basic', `${r.case_number} is at a basic court`);
    assert.ok(pointInPolygon(r.lng, r.lat, court.polygon!), `${r.case_number} at ${r.lng},${r.lat} lies in ${court.name}'s county`);
    assert.match(r.case_number, CASE_NUMBER);
    assert.ok(r.case_number.startsWith(`(${r.filed_on.slice(0, 4)})${court.caseCode}执`), `${r.case_number} carries its year and court`);
    assert.ok(!numbers.has(r.case_number), `${r.case_number} is unique`);
    numbers.add(r.case_number);
  }
  assert.equal(numbers.size, 2_000);
});

test('seedDemoData() keeps stage, dates and risk consistent with the rules it is given', async () => {
  const { store } = await seeded();
  onTestFinished(() => store.close());
  const rows = await store.db.selectFrom('cases').selectAll().execute();
  let closed = 0;
  let risky = 0;
  for (const r of rows) {
    assert.ok(r.filed_on <= TODAY && r.filed_on >= '2024-03-15', `${r.filed_on} within two years`);
    assert.ok(r.stage_entered_on >= r.filed_on && r.stage_entered_on <= TODAY);
    assert.equal(r.closed_on !== null, r.stage === 'closed');
    if (r.stage === 'closed') closed++;
    const stageIndex = CASE_STAGES.indexOf(r.stage);
    if (stageIndex < CASE_STAGES.indexOf('on_site')) assert.equal(r.track, null, 'no track before triage is done');
    assert.equal(r.stage_due_on, stageDueOn(r.stage, r.stage_entered_on));
    assert.ok(r.amount_fen >= 1_000_000 && r.amount_fen <= 5_000_000_000, `${r.amount_fen} fen within 1万-5000万元`);
    const factors: RiskFactor[] = JSON.parse(r.risk_factors);
    const expected = assess(factors);
    assert.equal(r.risk_colour, expected.colour);
    assert.deepEqual(JSON.parse(r.risk_reasons), expected.reasons);
    if (factors.some((f) => f !== 'overdue_node')) risky++;
    const tags: string[] = JSON.parse(r.tags);
    assert.equal(tags.includes('裁执分离'), r.handed_over_on !== null);
    assert.match(r.applicant + r.respondent, /某/, 'parties are plainly fictional');
  }
  assert.ok(closed > 0 && closed < rows.length, 'some cases closed, some active');
  assert.ok(risky < rows.length * 0.3, 'most cases carry no risk factor');
  const events = await store.db.selectFrom('case_events').select(['case_id', 'kind']).execute();
  const filed = events.filter((e) => e.kind === 'filed');
  assert.equal(filed.length, rows.length, 'every case has its filing event');
  const actions = await store.db.selectFrom('actions').selectAll().execute();
  const active = new Map(rows.filter((r) => r.closed_on === null).map((r) => [r.id, r]));
  for (const a of actions) {
    assert.ok(active.has(a.case_id), 'actions are on active cases');
    assert.ok(['planned', 'ongoing'].includes(a.status));
    assert.equal(a.risk_colour, assess(JSON.parse(a.risk_factors)).colour);
  }
});

test('seedDemoData() with randomPasswords draws passwords that the seed does not decide', async () => {
  const one = await seeded({ cases: 0, randomPasswords: true });
  onTestFinished(() => one.store.close());
  const two = await seeded({ cases: 0, randomPasswords: true });
  onTestFinished(() => two.store.close());
  const seededRun = await seeded({ cases: 0 });
  onTestFinished(() => seededRun.store.close());
  const passwords = (r: SeedResult) => r.accounts.map((a) => a.password);
  assert.notDeepEqual(passwords(one.result), passwords(two.result));
  assert.notDeepEqual(passwords(one.result), passwords(seededRun.result));
  const leader = one.result.accounts.find((a) => a.role === 'leader')!;
  const u = await one.store.db.selectFrom('users').select('password_hash').where('username', '=', leader.username).executeTakeFirstOrThrow();
  assert.ok(await verifyPassword(leader.password, u.password_hash));
  assert.equal(one.result.counts.cases, 0);
  assert.equal(one.result.counts.actions, 0);
});

test('seedDemoData() reports progress per table, ending at the total', async () => {
  const seen = new Map<string, [number, number][]>();
  const { store } = await seeded({ cases: 2_000, onProgress: (done, total, what) => seen.set(what, [...(seen.get(what) ?? []), [done, total]]) });
  onTestFinished(() => store.close());
  assert.deepEqual([...seen.keys()], ['courts', 'users', 'teams', 'team_members', 'devices', 'cases', 'case_events', 'actions', 'action_teams', 'team_positions']);
  for (const [what, calls] of seen) {
    const last = calls[calls.length - 1]!;
    assert.equal(last[0], last[1], `${what} ends at its total`);
    assert.ok(calls.length <= 11, `${what}: ${calls.length} progress calls`);
  }
});

test('seedDemoData() rejects a malformed today with TypeError', async () => {
  const store = await Store.open({ dataDir: ':memory:' });
  onTestFinished(() => store.close());
  await assert.rejects(seedDemoData(store.db, { ...BASE, today: '15/03/2026' }), TypeError);
});

const skipFullDemo = process.env.DEMO_FULL !== '1' && 'set DEMO_FULL=1';
test.skipIf(skipFullDemo)(skipTitle('seedDemoData() generates 50,000 cases in under 30 s', skipFullDemo), async () => {
  const started = performance.now();
  const { store, result } = await seeded({ cases: 50_000 });
  onTestFinished(() => store.close());
  const seconds = (performance.now() - started) / 1000;
  console.log(`50,000 cases: ${seconds.toFixed(1)} s, ${JSON.stringify(result.counts)}`);
  assert.equal(result.counts.cases, 50_000);
  assert.ok(seconds < 30, `${seconds.toFixed(1)} s`);
});

test('seedDemoData() assigns every action its teams: the team on site when ongoing, one or two of its court\'s teams when planned', async () => {
  const { store } = await seeded({ cases: 2_000 });
  onTestFinished(() => store.close());
  const actions = await store.db.selectFrom('actions').innerJoin('cases', 'cases.id', 'actions.case_id').select(['actions.id', 'actions.status', 'actions.court_id', 'actions.kind', 'cases.team_id']).execute();
  const assigned = await store.db.selectFrom('action_teams').innerJoin('teams', 'teams.id', 'action_teams.team_id').select(['action_teams.action_id', 'teams.id', 'teams.court_id']).execute();
  assert.ok(actions.some((a) => a.status === 'ongoing') && actions.some((a) => a.status === 'planned'), 'both kinds seeded');
  for (const a of actions) {
    const teams = assigned.filter((r) => r.action_id === a.id);
    assert.ok(teams.length >= 1 && teams.length <= 2, `action ${a.id}: ${teams.length} teams`);
    assert.ok(teams.every((r) => r.court_id === a.court_id), `action ${a.id}: a team of another court`);
    if (a.status === 'ongoing') assert.deepEqual(teams.map((r) => r.id), [a.team_id], `ongoing action ${a.id}: the case's team on site`);
  }
});

test('seedDemoData() never stamps a team\'s last position later than the start of the seeding day', async () => {
  const { store } = await seeded({ cases: 500 });
  onTestFinished(() => store.close());
  const latest = await store.db.selectFrom('teams').select((eb) => eb.fn.max('last_position_at').as('at')).executeTakeFirstOrThrow();
  assert.ok(latest.at !== null && latest.at < `${TODAY}T00:00:00.000Z`, `latest ${latest.at}`);
});

test('seedDemoData() gives each team of an ongoing action a track from its court, arriving on scene when the action started', async () => {
  const { store } = await seeded({ cases: 2_000 });
  onTestFinished(() => store.close());
  const ongoing = await store.db
    .selectFrom('actions')
    .innerJoin('action_teams', 'action_teams.action_id', 'actions.id')
    .innerJoin('teams', 'teams.id', 'action_teams.team_id')
    .innerJoin('courts', 'courts.id', 'teams.court_id')
    .select(['actions.id', 'actions.started_at', 'actions.planned_at', 'actions.lng', 'actions.lat', 'teams.id as team_id', 'courts.lng as court_lng', 'courts.lat as court_lat'])
    .where('actions.status', '=', 'ongoing')
    .execute();
  assert.ok(ongoing.length > 0);
  for (const a of ongoing) {
    assert.equal(a.started_at, a.planned_at, `action ${a.id} started when planned`);
    const chunks = await store.db.selectFrom('team_positions').select(['starts_at', 'data']).where('team_id', '=', a.team_id).orderBy('starts_at').execute();
    const points: TrackPoint[] = [];
    for (const c of chunks) decodeChunk(c.starts_at, c.data, 0, Number.MAX_SAFE_INTEGER, points);
    const first = points[0]!;
    const arrival = points.findLast((p) => p.status === 'en_route')!;
    assert.ok(Math.abs(first.lng - a.court_lng) < 1e-5 && Math.abs(first.lat - a.court_lat) < 1e-5, 'starts at its court');
    assert.equal(arrival.at, Date.parse(a.started_at!), 'arrives when the action starts');
    assert.ok(Math.abs(arrival.lng - a.lng) < 1e-5 && Math.abs(arrival.lat - a.lat) < 1e-5, 'arrives at the scene');
    assert.ok(points.slice(points.indexOf(arrival) + 1).every((p) => p.status === 'on_scene'), 'then on scene');
  }
});
