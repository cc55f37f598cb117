import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'vitest';
import { pino } from 'pino';
import type { ActionView } from '../../protocol/action.ts';
import { buildWorld, ACTIONS, COURTS } from '../../tests/support/world.ts';
import { AuthService } from '../auth/AuthService.ts';
import { ManualClock } from '../clock.ts';
import { Store } from '../store/Store.ts';
import { ActionEventLog, type ActionEventNews } from './ActionEventLog.ts';
import { SiteFences } from './SiteFences.ts';

const T0 = Date.parse('2026-06-01T06:00:00.000Z');
const DEG_PER_M = 1 / 111_195;
const ACTION = ACTIONS.haishu.id;

describe('SiteFences', () => {
  let store: Store;
  let teamId: string;
  let site: { lng: number; lat: number };
  let heard: ActionEventNews[];
  let log: ActionEventLog;

  beforeEach(async () => {
    store = await Store.open({ dataDir: ':memory:' });
    await buildWorld(store.db, new AuthService(store.db, { sessionHours: 1, maxFailedLogins: 5, lockoutMinutes: 1, scryptCost: 1024 }));
    teamId = (await store.db.selectFrom('teams').select('id').where('court_id', '=', COURTS.haishu.id).executeTakeFirstOrThrow()).id;
    site = await store.db.selectFrom('actions').select(['lng', 'lat']).where('id', '=', ACTION).executeTakeFirstOrThrow();
    await store.db.updateTable('actions').set({ status: 'ongoing', started_at: new Date(T0).toISOString(), site_radius_m: 100 }).where('id', '=', ACTION).execute();
    await store.db.insertInto('action_teams').values({ action_id: ACTION, team_id: teamId, assigned_at: new Date(T0).toISOString() }).execute();
    log = new ActionEventLog({ db: store.db, clock: new ManualClock(T0) });
    heard = [];
    log.on('recorded', (n) => heard.push(n));
  });
  afterEach(async () => {
    await log.close();
    await store.close();
  });

  const fences = () => new SiteFences({ db: store.db, log, hysteresisM: 10, logger: pino({ level: 'silent' }) });
  const north = (m: number, i: number) => ({ lng: site.lng, lat: site.lat + m * DEG_PER_M, at: T0 + i * 1000 });
  /** Every write the fixes started has committed. */
  const settled = () => log.close();

  test('fences.load() fences every ongoing action: the first fix inside is the arrival, stored and audited', async () => {
    const f = fences();
    await f.load();
    [500, 80, 60].forEach((m, i) => f.onFix(teamId, north(m, i)));
    await settled();
    assert.deepEqual(heard.map((n) => [n.entry.kind, n.entry.team?.id, n.actionCourtId]), [['arrived', teamId, COURTS.haishu.id]]);
    const audit = await store.db.selectFrom('audit_log').select(['action', 'actor_name']).where('target_id', '=', ACTION).execute();
    assert.deepEqual(audit.map((a) => a.action), ['action.arrive']);
  });

  test('fences.load() resumes from the last stored crossing: a restarted server reports no second arrival, only the departure', async () => {
    const first = fences();
    await first.load();
    first.onFix(teamId, north(50, 0));
    await settled();
    log = new ActionEventLog({ db: store.db, clock: new ManualClock(T0 + 60_000) });
    heard = [];
    log.on('recorded', (n) => heard.push(n));
    const restarted = fences();
    await restarted.load();
    [40, 105, 150].forEach((m, i) => restarted.onFix(teamId, north(m, i + 1)));
    await settled();
    assert.deepEqual(heard.map((n) => n.entry.kind), ['departed']);
  });

  /** The action as actions 'updated' announces it. */
  const viewOf = (status: ActionView['status'], teamIds: string[]): ActionView => ({
    id: ACTION, caseId: 'case-haishu-1', caseNumber: '(2026)浙0203执6号', courtId: COURTS.haishu.id, courtName: COURTS.haishu.short, kind: 'seizure', status,
    plannedAt: new Date(T0).toISOString(), riskColour: 'red', riskReasons: [], lng: site.lng, lat: site.lat, siteRadiusM: 100,
    teams: teamIds.map((id) => ({ teamId: id, name: '执行一组', courtId: COURTS.haishu.id, status: 'en_route' })), watchers: [],
  });

  test('fences.onAction() forgets a finished action and fences a team assigned later', async () => {
    const f = fences();
    await f.load();
    await f.onAction(viewOf('finished', []));
    f.onFix(teamId, north(10, 0));
    // Resolves once the team's last crossing was read from the store.
    await f.onAction(viewOf('ongoing', [teamId]));
    f.onFix(teamId, north(20, 1));
    await settled();
    assert.deepEqual(heard.map((n) => n.entry.kind), ['arrived']);
  });
});
