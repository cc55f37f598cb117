import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, test } from 'vitest';
import type { ActionEventMessage, ActionTimelineAnswer } from '../../protocol/timeline.ts';
import type { ActionPlanAnswer, ActionPlanContent } from '../../protocol/plan.ts';
import { recorderUnavailable } from '../support/ffprobe.ts';
import { onBothDatabases, type TestDatabase } from '../support/postgres.ts';
import { skipTitle } from '../support/skip.ts';
import { nextEvent } from '../support/once.ts';
import { collect, failure, ok, send } from '../support/requests.ts';
import { recordOneFeed } from '../support/reportAction.ts';
import { connectClient, login, startServer, type RunningServer, type TestSocket } from '../support/server.ts';
import { ACTIONS, COURTS } from '../support/world.ts';

// The action command room (issue 13) over real sockets and REST on the 海曙 action: its plan
// (versions before the start, frozen by it), the geofence (simulated positions crossing the circle),
// the timeline read from the store (and live as action:event), and what courts may do: 海曙 commands,
// 宁波中院 (its upper court) watches and reads but does not instruct by default, 杭州 sees nothing.

const ACTION = ACTIONS.haishu;
/** Degrees of latitude per metre. */
const DEG_PER_M = 1 / 111_195;

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') for (const v of Object.values(value)) deepFreeze(v);
  return Object.freeze(value);
}

function planContent(teamId: string, siteRadiusM: number): ActionPlanContent {
  return deepFreeze({
    objective: '查封被执行人仓库内存货，清点造册后张贴封条',
    kind: 'seizure',
    riskColour: 'red',
    riskReasons: ['被执行人曾以暴力抗拒执行', '现场可能聚集群众'],
    teams: [{ teamId, role: 'assault', task: '进入仓库清点' }],
    documents: [
      { name: '执行裁定书', number: '(2026)浙0203执1号之一' },
      { name: '协助执行通知书', number: '(2026)浙0203执协1号' },
    ],
    contingencies: [{ risk: '被执行人阻拦', response: '警戒组隔离现场，全程录像，必要时依法拘传' }],
    siteRadiusM,
  });
}

// On SQLite and PostgreSQL: the plan's versions, the freeze and the event rows are written by the same queries on both.
onBothDatabases('action room: plan, geofence, timeline; upper courts supervise (actions.upperCourtsMayInstruct off)', roomSuite);

function roomSuite(label: string, database: () => Promise<TestDatabase>, skip: string | false): void {
describe.skipIf(skip)(skipTitle(label, skip), () => {
  let server: RunningServer;
  let stopDatabase: () => Promise<void> = async () => undefined;
  let haishuTeam: string;
  const sockets: TestSocket[] = [];
  const tokens = new Map<string, string>();
  const token = async (u: string) => tokens.get(u) ?? tokens.set(u, await login(server, u)).get(u)!;
  const get = async <T>(user: string, url: string) => {
    const res = await server.app.inject({ url, headers: { authorization: `Bearer ${await token(user)}` } });
    return { status: res.statusCode, body: res.json<T & { code?: string }>() };
  };
  async function connect(user: string, client: 'console' | 'field' = 'console'): Promise<TestSocket> {
    const s = await connectClient(server.url, client === 'field' ? { client, token: await token(user), terminalId: randomUUID() } : { client, token: await token(user) });
    sockets.push(s);
    return s;
  }
  /** Disconnects a console following the action and waits until its leaving is recorded (heard by 海曙's dispatcher). */
  async function leave(follower: TestSocket): Promise<void> {
    const dispatcher = await connect('haishu.dispatcher');
    const left = nextEvent(dispatcher, 'action:event', (m) => m.actionId === ACTION.id && m.entry.kind === 'watch_leave');
    follower.disconnect();
    await left;
  }
  const eventsOf = (heard: ActionEventMessage[]) => heard.filter((m) => m.actionId === ACTION.id).map((m) => m.entry.kind);

  beforeAll(async () => {
    const db = await database();
    stopDatabase = db.stop;
    server = await startServer({ ...db.env, UPPER_COURTS_MAY_INSTRUCT: 'false' });
    haishuTeam = (await server.store.db.selectFrom('teams').select('id').where('court_id', '=', COURTS.haishu.id).executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await server?.close();
    await stopDatabase();
  });

  test('action:plan:save before the start makes versions 1 and 2; starting freezes version 2; a save after it is ERR_INVALID_STATE', async () => {
    const dispatcher = await connect('haishu.dispatcher');
    const v1 = ok(await send(dispatcher, 'action:plan:save', { actionId: ACTION.id, baseVersion: 0, content: planContent(haishuTeam, 150) }));
    assert.deepEqual([v1.plan?.version, v1.versions.map((v) => v.version), v1.editable, v1.frozen], [1, [1], true, false]);
    assert.deepEqual(v1.plan?.teamNames, { [haishuTeam]: '执行一组' });
    // Someone saved since the editor opened version 0: refused, not overwritten.
    assert.equal(failure(await send(dispatcher, 'action:plan:save', { actionId: ACTION.id, baseVersion: 0, content: planContent(haishuTeam, 300) })).code, 'ERR_INVALID_STATE');
    const v2 = ok(await send(dispatcher, 'action:plan:save', { actionId: ACTION.id, baseVersion: 1, content: planContent(haishuTeam, 200) }));
    assert.deepEqual([v2.plan?.version, v2.versions.map((v) => v.version)], [2, [1, 2]]);
    const older = await get<ActionPlanAnswer>('nb.leader', `/api/actions/${ACTION.id}/plan?version=1`);
    assert.deepEqual([older.status, older.body.plan?.version, older.body.plan?.content.siteRadiusM], [200, 1, 150]);

    const bad = failure(await send(dispatcher, 'action:plan:save', { actionId: ACTION.id, baseVersion: 2, content: { ...planContent(haishuTeam, 200), siteRadiusM: 5 } }));
    assert.deepEqual([bad.code, bad.message.includes('/content/siteRadiusM')], ['ERR_BAD_MESSAGE', true]);
    const twice = failure(await send(dispatcher, 'action:plan:save', { actionId: ACTION.id, baseVersion: 2, content: { ...planContent(haishuTeam, 200), teams: [{ teamId: haishuTeam, role: 'assault' }, { teamId: haishuTeam, role: 'cordon' }] } }));
    assert.deepEqual([twice.code, twice.message.startsWith('/content/teams/1/teamId')], ['ERR_BAD_MESSAGE', true]);
    const operator = await connect('nb.operator');
    assert.equal(failure(await send(operator, 'action:plan:save', { actionId: ACTION.id, baseVersion: 2, content: planContent(haishuTeam, 200) })).code, 'ERR_FORBIDDEN');

    ok(await send(dispatcher, 'action:assign', { actionId: ACTION.id, teamIds: [haishuTeam] }));
    const started = ok(await send(dispatcher, 'action:status', { actionId: ACTION.id, status: 'ongoing' }));
    assert.deepEqual([started.kind, started.siteRadiusM], ['seizure', 200], 'the plan set the kind and the geofence');
    const frozen = await get<ActionPlanAnswer>('haishu.dispatcher', `/api/actions/${ACTION.id}/plan`);
    assert.deepEqual([frozen.body.frozen, frozen.body.frozenVersion, frozen.body.editable, frozen.body.plan?.version], [true, 2, false, 2]);
    const refused = failure(await send(dispatcher, 'action:plan:save', { actionId: ACTION.id, baseVersion: 2, content: planContent(haishuTeam, 500) }));
    assert.deepEqual([refused.code, refused.message.includes('已开始的行动预案已冻结')], ['ERR_INVALID_STATE', true]);

    const audit = await server.store.db.selectFrom('audit_log').select(['action', 'detail']).where('target_id', '=', ACTION.id).where('action', 'in', ['action.plan', 'action.status']).orderBy('seq').execute();
    assert.deepEqual(audit.map((a) => a.action), ['action.plan', 'action.plan', 'action.status']);
    assert.equal(JSON.parse(audit[2]!.detail).planVersion, 2);
    const stored = await server.store.db.selectFrom('action_plans').select('version').where('action_id', '=', ACTION.id).execute();
    assert.deepEqual(stored.map((r) => r.version).sort(), [1, 2], 'nothing stored by the refused saves');
  });

  test('a sibling court gets ERR_NOT_FOUND for the plan, the timeline, following and saving (宁波 vs 西湖 too)', async () => {
    for (const user of ['hz.leader', 'xihu.operator']) {
      for (const url of [`/api/actions/${ACTION.id}/plan`, `/api/actions/${ACTION.id}/timeline`]) {
        const res = await get(user, url);
        assert.deepEqual([res.status, res.body.code], [404, 'ERR_NOT_FOUND'], `${user} ${url}`);
      }
    }
    const hz = await connect('hz.leader');
    assert.equal(failure(await send(hz, 'action:follow', { actionId: ACTION.id })).code, 'ERR_NOT_FOUND');
    assert.equal(failure(await send(hz, 'action:plan:save', { actionId: ACTION.id, baseVersion: 2, content: planContent(haishuTeam, 200) })).code, 'ERR_NOT_FOUND');
    const haishu = await connect('haishu.dispatcher');
    assert.equal(failure(await send(haishu, 'action:plan:save', { actionId: ACTIONS.xihu.id, baseVersion: 0, content: planContent(haishuTeam, 200) })).code, 'ERR_NOT_FOUND');
    assert.equal((await get('haishu.dispatcher', `/api/actions/${ACTIONS.xihu.id}/plan`)).status, 404);
  });

  test('the upper court\'s leader follows, reads the plan and the timeline, but may not instruct the subordinate court\'s team', async () => {
    const leader = await connect('nb.leader');
    const view = ok(await send(leader, 'action:follow', { actionId: ACTION.id }));
    assert.deepEqual(view.watchers.map((w) => w.name), ['nb.leader']);
    assert.equal((await get<ActionPlanAnswer>('nb.leader', `/api/actions/${ACTION.id}/plan`)).body.plan?.version, 2);
    assert.equal((await get('nb.leader', `/api/actions/${ACTION.id}/timeline`)).status, 200);
    for (const m of [{ actionId: ACTION.id }, { teamIds: [haishuTeam] }]) {
      const refused = failure(await send(leader, 'instruction:issue', { clientKey: randomUUID(), template: 'hold', priority: 'urgent', ...m }));
      assert.deepEqual([refused.code, refused.message.includes('上级法院仅可督导')], ['ERR_FORBIDDEN', true]);
    }
    const issued = await server.store.db.selectFrom('instructions').select('id').where('issued_by_name', '=', 'nb.leader').execute();
    assert.deepEqual(issued, []);
    await leave(leader);
  });

  test('simulated positions crossing the geofence (in, jitter on the edge, out) give exactly one arrival and one departure: stored, audited, pushed', async () => {
    const leader = await connect('nb.leader');
    ok(await send(leader, 'action:follow', { actionId: ACTION.id }));
    const sibling = await connect('hz.operator');
    const field = await connect('haishu.field', 'field');
    const heardByLeader = collect(leader, 'action:event');
    const heardBySibling = collect(sibling, 'action:event');
    const heardByField = collect(field, 'action:event');
    const departed = nextEvent(leader, 'action:event', (m) => m.actionId === ACTION.id && m.entry.kind === 'departed');

    const site = (await server.store.db.selectFrom('actions').select(['lng', 'lat']).where('id', '=', ACTION.id).executeTakeFirstOrThrow());
    const t0 = Date.now() - 60_000;
    // Metres north of the site's centre, radius 200 m (hysteresis 10 m): in at 190, jitter 195-209, out at 300.
    const path = [600, 400, 190, 100, 195, 205, 198, 209, 202, 300, 700];
    path.forEach((m, i) => field.emit('team:position', { lng: site.lng, lat: site.lat + m * DEG_PER_M, accuracy: 8, at: new Date(t0 + i * 1000).toISOString() }));
    const entry = (await departed).entry;
    assert.deepEqual([entry.team?.id, entry.text], [haishuTeam, '执行一组 已离开现场（距中心 300 米）']);
    // A round trip on the field socket: every fix it sent before has been taken.
    await send(field, 'instruction:list', {});
    await send(leader, 'action:list', {});

    const rows = await server.store.db.selectFrom('action_events').select(['kind', 'detail']).where('action_id', '=', ACTION.id).where('kind', 'in', ['arrive', 'depart']).orderBy('at').execute();
    assert.deepEqual(rows.map((r) => [r.kind, JSON.parse(r.detail).distanceM]), [['arrive', 190], ['depart', 300]]);
    const audit = await server.store.db.selectFrom('audit_log').select('action').where('target_id', '=', ACTION.id).where('action', 'in', ['action.arrive', 'action.depart']).orderBy('seq').execute();
    assert.deepEqual(audit.map((a) => a.action), ['action.arrive', 'action.depart']);
    assert.deepEqual(eventsOf(heardByLeader).filter((k) => k === 'arrived' || k === 'departed'), ['arrived', 'departed']);
    assert.deepEqual(eventsOf(heardByField), ['arrived', 'departed'], 'the team\'s terminal hears its own arrival (已到达现场)');
    assert.deepEqual(heardBySibling, [], '杭州 hears nothing of 海曙\'s action');
    await leave(leader);
  });

  test('GET /api/actions/:id/timeline tells everything that happened, in order, as the live action:event entries told it', async () => {
    const leader = await connect('nb.leader');
    const heard = collect(leader, 'action:event');
    ok(await send(leader, 'action:follow', { actionId: ACTION.id }));
    const dispatcher = await connect('haishu.dispatcher');
    const field = await connect('haishu.field', 'field');

    // One click to the action's teams, stepped through by the terminal; then an SOS.
    const { instructionId } = ok(await send(dispatcher, 'instruction:issue', { clientKey: randomUUID(), actionId: ACTION.id, template: 'record_all', priority: 'urgent' }));
    ok(await send(field, 'instruction:delivered', { instructionId }));
    ok(await send(field, 'instruction:ack', { instructionId }));
    ok(await send(field, 'instruction:feedback', { instructionId, text: '已开始全程录像' }));
    ok(await send(field, 'sos:raise', { clientKey: randomUUID(), text: '有人持械' }));

    // A feed of the action on and off (the test source stands in for the phone), recorded and sealed.
    const withMedia = recorderUnavailable() === null;
    if (withMedia) {
      const off = nextEvent(leader, 'action:event', (m) => m.entry.kind === 'feed_off');
      await recordOneFeed(server, { actionId: ACTION.id, teamId: haishuTeam, caseNumber: '(2026)浙0203执6号', terminalId: 'terminal-room' });
      await off;
    }
    const left = nextEvent(dispatcher, 'action:event', (m) => m.entry.kind === 'watch_leave');
    ok(await send(leader, 'action:unfollow', { actionId: ACTION.id }));
    await left;
    ok(await send(dispatcher, 'action:status', { actionId: ACTION.id, status: 'finished' }));

    const { status, body } = await get<ActionTimelineAnswer>('nb.leader', `/api/actions/${ACTION.id}/timeline`);
    assert.equal(status, 200);
    assert.deepEqual([body.actionId, body.status, body.truncated], [ACTION.id, 'finished', false]);
    const ats = body.entries.map((e) => e.at);
    assert.deepEqual(ats, [...ats].sort(), 'oldest first');
    const kinds = body.entries.filter((e) => e.kind !== 'planned').map((e) => e.kind);
    const expected = [
      'plan_saved', 'plan_saved', 'team_assigned', 'started', 'watch_join', 'watch_leave', 'watch_join', 'arrived', 'departed', 'watch_leave', 'watch_join',
      'instruction_issued', 'instruction_step', 'instruction_step', 'instruction_step', 'warning_raised',
      ...(withMedia ? ['feed_on', 'recording_started', 'feed_off', 'recording_sealed'] : []),
      'watch_leave', 'finished',
    ];
    // The order of a feed's own entries depends on when ffmpeg wrote its first frames: compare them as a set.
    assert.deepEqual([...kinds].sort(), [...expected].sort());
    assert.deepEqual(kinds.filter((k) => !k.startsWith('feed') && !k.startsWith('recording')), expected.filter((k) => !k.startsWith('feed') && !k.startsWith('recording')));
    const text = (kind: string) => body.entries.filter((e) => e.kind === kind).map((e) => e.text);
    assert.deepEqual(text('started'), ['行动开始，预案第 2 版已冻结']);
    assert.deepEqual(text('arrived'), ['执行一组 已到达现场（距中心 190 米）']);
    assert.deepEqual(text('instruction_issued'), ['【紧急】下达指令「全程录像」→ 执行一组']);
    assert.deepEqual(text('instruction_step'), ['执行一组 已送达（指令「全程录像」）', '执行一组 已签收（指令「全程录像」）', '执行一组 已反馈：已开始全程录像（指令「全程录像」）']);
    assert.deepEqual(text('warning_raised'), ['SOS 紧急求助：执行一组（海曙法院） haishu.field：有人持械']);
    assert.equal(body.entries.find((e) => e.kind === 'started')?.actor?.name, 'haishu.dispatcher');
    assert.match(text('watch_join')[0] ?? '', /^宁波中院 nb\.leader（院领导） 开始远程观看$/);
    if (withMedia) {
      const sealed = body.entries.find((e) => e.kind === 'recording_sealed');
      const row = await server.store.db.selectFrom('recordings').select('sha256').where('action_id', '=', ACTION.id).executeTakeFirstOrThrow();
      assert.equal(sealed?.refs.sha256, row.sha256);
    }
    // What was pushed live is the same entry the store gives back.
    const live = heard.filter((m) => m.actionId === ACTION.id).map((m) => m.entry);
    assert.ok(live.length > 0);
    for (const e of live) assert.deepEqual(body.entries.find((x) => x.id === e.id), e);
  });
});
}

describe('action room with actions.upperCourtsMayInstruct on', () => {
  let server: RunningServer;
  const sockets: TestSocket[] = [];
  beforeAll(async () => {
    server = await startServer({ UPPER_COURTS_MAY_INSTRUCT: 'true' });
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await server.close();
  });

  test('instruction:issue lets the upper court\'s leader instruct the subordinate court\'s team', async () => {
    const haishuTeam = (await server.store.db.selectFrom('teams').select('id').where('court_id', '=', COURTS.haishu.id).executeTakeFirstOrThrow()).id;
    const leader = await connectClient(server.url, { client: 'console', token: await login(server, 'nb.leader') });
    const field = await connectClient(server.url, { client: 'field', token: await login(server, 'haishu.field'), terminalId: randomUUID() });
    sockets.push(leader, field);
    const got = nextEvent(field, 'instruction:new');
    const { instructionId } = ok(await send(leader, 'instruction:issue', { clientKey: randomUUID(), teamIds: [haishuTeam], template: 'hold', priority: 'urgent' }));
    assert.equal((await got).id, instructionId);
  });
});
