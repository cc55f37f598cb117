import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, test } from 'vitest';
import { io } from 'socket.io-client';
import type { PositionFrame } from '../../protocol/position.ts';
import type { Warning } from '../../protocol/warning.ts';
import { rooms } from '../../protocol/rooms.ts';
import { nextEvent } from '../support/once.ts';
import { connectClient, login, startServer, type RunningServer, type TestSocket } from '../support/server.ts';
import { ACTIONS, COURTS } from '../support/world.ts';

// Fix times only move forward, so no test's fix is dropped as older than one an earlier test sent.
let lastFix = 0;
const nextFixAt = () => new Date((lastFix = Math.max(Date.now(), lastFix + 1)));
const position = (lng: number, lat: number, at = nextFixAt()) => ({ lng, lat, accuracy: 8, at: at.toISOString() });
const has = (teamId: string) => (f: PositionFrame) => f.teamIds.includes(teamId);
/** The entry of `teamId` in a frame. */
function entry(frame: PositionFrame, teamId: string) {
  const i = frame.teamIds.indexOf(teamId);
  return i < 0 ? null : { lng: frame.lngLat[2 * i], lat: frame.lngLat[2 * i + 1], fixedAt: frame.fixedAt[i], status: frame.status[i] };
}
/** A round trip on `socket`: everything it sent before has been handled by the server when this resolves. */
async function roundTrip(socket: TestSocket): Promise<void> {
  assert.equal((await socket.timeout(2_000).emitWithAck('media:capabilities')).ok, true);
}

async function teamOf(server: RunningServer, courtId: string): Promise<string> {
  return (await server.store.db.selectFrom('teams').select('id').where('court_id', '=', courtId).executeTakeFirstOrThrow()).id;
}

describe('team positions over Socket.IO', () => {
  let server: RunningServer;
  let xihuTeam: string;
  let haishuTeam: string;
  const tokens: Record<string, string> = {};
  const sockets: TestSocket[] = [];
  const open = async (username: string, client: 'console' | 'field') => {
    const socket = await connectClient(server.url, { client, token: tokens[username] ?? assert.fail(username), ...(client === 'field' ? { terminalId: randomUUID() } : {}) });
    sockets.push(socket);
    return socket;
  };
  beforeAll(async () => {
    server = await startServer();
    for (const u of ['hz.operator', 'h.operator', 'nb.operator', 'xihu.field', 'haishu.field', 'h.field', 'h.sysadmin']) tokens[u] = await login(server, u);
    xihuTeam = await teamOf(server, COURTS.xihu.id);
    haishuTeam = await teamOf(server, COURTS.haishu.id);
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await server.close();
  });

  test("a console of 杭州中院 gets 西湖's team in its frames and never 海曙's; 宁波中院 gets 海曙's", async () => {
    const hz = await open('hz.operator', 'console');
    const nb = await open('nb.operator', 'console');
    const seenByHz: PositionFrame[] = [];
    hz.on('positions', (f) => seenByHz.push(f));
    const xihu = await open('xihu.field', 'field');
    const haishu = await open('haishu.field', 'field');
    const nbGetsHaishu = nextEvent(nb, 'positions', has(haishuTeam));
    haishu.emit('team:position', position(121.55, 29.86));
    await roundTrip(haishu);
    const hzGetsXihu = nextEvent(hz, 'positions', has(xihuTeam));
    xihu.emit('team:position', position(120.13, 30.26));
    const frame = await hzGetsXihu;
    assert.deepEqual(entry(frame, xihuTeam)?.lng, 120.13);
    assert.equal(frame.full, false);
    assert.ok((await nbGetsHaishu).teamIds.includes(haishuTeam));
    assert.ok(!seenByHz.some(has(haishuTeam)), '海曙 is outside 杭州中院 branch');
  });

  test('a console of an ancestor court (浙江高院) sees the teams of every court below it', async () => {
    const high = await open('h.operator', 'console');
    const xihu = await open('xihu.field', 'field');
    const haishu = await open('haishu.field', 'field');
    const both = new Set<string>();
    const done = new Promise<void>((resolve) => {
      high.on('positions', (f) => {
        for (const id of f.teamIds) both.add(id);
        if (both.has(xihuTeam) && both.has(haishuTeam)) resolve();
      });
    });
    xihu.emit('team:position', position(120.131, 30.261));
    haishu.emit('team:position', position(121.551, 29.861));
    await done;
  });

  test('positions sent within one frame interval reach the console as one frame holding only the newest fix', async () => {
    const hz = await open('hz.operator', 'console');
    const xihu = await open('xihu.field', 'field');
    const frames: PositionFrame[] = [];
    hz.on('positions', (f) => {
      if (f.teamIds.includes(xihuTeam)) frames.push(f);
    });
    const newest = nextEvent(hz, 'positions', (f) => entry(f, xihuTeam)?.lng === 120.109);
    let newestAt = 0;
    for (let i = 0; i < 10; i++) {
      const at = nextFixAt();
      newestAt = at.getTime();
      xihu.emit('team:position', position(120.1 + i / 1000, 30.2, at));
    }
    await newest;
    // Ten fixes sent back to back: one frame, or two when the burst straddles a frame boundary.
    assert.ok(frames.length <= 2, `${frames.length} frames for one burst`);
    for (const f of frames) assert.equal(f.teamIds.filter((id) => id === xihuTeam).length, 1);
    assert.equal(entry(frames.at(-1) as PositionFrame, xihuTeam)?.fixedAt, newestAt);
  });

  test('a console connecting later gets a full snapshot of the positions it may see', async () => {
    const xihu = await open('xihu.field', 'field');
    xihu.emit('team:position', position(120.14, 30.27));
    await roundTrip(xihu);
    const late: TestSocket = io(server.url, { auth: { client: 'console', token: tokens['hz.operator'] }, transports: ['websocket'], reconnection: false });
    sockets.push(late);
    const snapshot = await nextEvent(late, 'positions');
    assert.equal(snapshot.full, true);
    assert.deepEqual(entry(snapshot, xihuTeam)?.lng, 120.14);
    assert.ok(!snapshot.teamIds.includes(haishuTeam));
  });

  test('team:position with a malformed payload gets error:message ERR_BAD_MESSAGE naming the field, and the connection stays up', async () => {
    const xihu = await open('xihu.field', 'field');
    const hz = await open('hz.operator', 'console');
    const error = nextEvent(xihu, 'error:message');
    // lat out of range: the type is number, the schema says -90..90.
    xihu.emit('team:position', { lng: 120.1, lat: 95, at: new Date().toISOString() });
    const m = await error;
    assert.equal(m.code, 'ERR_BAD_MESSAGE');
    assert.equal(m.event, 'team:position');
    assert.match(m.message, /lat/);
    const notAnObject = nextEvent(xihu, 'error:message');
    // @ts-expect-error -- payload deliberately a string
    xihu.emit('team:position', 'garbage');
    assert.equal((await notAnObject).code, 'ERR_BAD_MESSAGE');
    assert.equal(xihu.connected, true);
    const next = nextEvent(hz, 'positions', (f) => entry(f, xihuTeam)?.lng === 120.15);
    xihu.emit('team:position', position(120.15, 30.2));
    await next;
  });

  test('team:position from a field officer who belongs to no team gets error:message ERR_FORBIDDEN', async () => {
    const field = await open('h.field', 'field');
    const error = nextEvent(field, 'error:message');
    field.emit('team:position', position(120.1, 30.2));
    const m = await error;
    assert.equal(m.code, 'ERR_FORBIDDEN');
    assert.equal(field.connected, true);
    const res = await field.timeout(2_000).emitWithAck('team:status', { status: 'en_route' });
    assert.equal(!res.ok && res.code, 'ERR_FORBIDDEN');
  });

  test('team:position and team:status from a console are refused with ERR_FORBIDDEN (terminals only)', async () => {
    const hz = await open('hz.operator', 'console');
    const error = nextEvent(hz, 'error:message');
    hz.emit('team:position', position(120.1, 30.2));
    assert.equal((await error).code, 'ERR_FORBIDDEN');
    const res = await hz.timeout(2_000).emitWithAck('team:status', { status: 'en_route' });
    assert.equal(!res.ok && res.code, 'ERR_FORBIDDEN');
  });

  test('an administrator console joins no court room (三权分立: no team data)', async () => {
    const admin = await open('h.sysadmin', 'console');
    const operator = await open('h.operator', 'console');
    const members = server.gateway.io.sockets.adapter.rooms.get(rooms.court(COURTS.high.id)) ?? new Set<string>();
    assert.equal(members.has(operator.id ?? ''), true);
    assert.equal(members.has(admin.id ?? ''), false);
  });

  test('team:status is stored, acked with the update, and announced to consoles of the branch with team:updated', async () => {
    const hz = await open('hz.operator', 'console');
    const xihu = await open('xihu.field', 'field');
    const announced = nextEvent(hz, 'team:updated', (u) => u.teamId === xihuTeam && u.status === 'en_route');
    const res = await xihu.timeout(2_000).emitWithAck('team:status', { status: 'en_route' });
    assert.deepEqual(res, { ok: true, value: { teamId: xihuTeam, status: 'en_route', lost: false } });
    assert.deepEqual(await announced, { teamId: xihuTeam, status: 'en_route', lost: false });
    const row = await server.store.db.selectFrom('teams').select('status').where('id', '=', xihuTeam).executeTakeFirstOrThrow();
    assert.equal(row.status, 'en_route');
    // @ts-expect-error -- status deliberately unknown
    const bad = await xihu.timeout(2_000).emitWithAck('team:status', { status: 'lunch' });
    assert.equal(!bad.ok && bad.code, 'ERR_BAD_MESSAGE');
    await xihu.timeout(2_000).emitWithAck('team:status', { status: 'idle' });
  });

  test('persisted last positions show in GET /api/teams', async () => {
    const xihu = await open('xihu.field', 'field');
    const at = nextFixAt();
    xihu.emit('team:position', position(120.16, 30.29, at));
    await roundTrip(xihu);
    await server.positions.persist();
    const res = await server.app.inject({ method: 'GET', url: '/api/teams', headers: { authorization: `Bearer ${tokens['hz.operator']}` } });
    const team = (res.json() as { items: { id: string; lastPosition: unknown }[] }).items.find((t) => t.id === xihuTeam);
    assert.deepEqual(team?.lastPosition, { lng: 120.16, lat: 30.29, at: at.toISOString() });
  });
});

describe('lost teams', () => {
  let server: RunningServer;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'cc-lost-'));
    const file = path.join(dir, 'config.json');
    // A tiny limit so the test waits a fraction of a second for real silence.
    writeFileSync(file, JSON.stringify({ positions: { frameMs: 50, persistSeconds: 5, lostAfterSeconds: 0.3 } }));
    server = await startServer({ CONFIG_FILE: file });
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a team silent for positions.lostAfterSeconds turns lost (team:lost, team:updated) and back when it reports', async () => {
    const hz = await connectClient(server.url, { client: 'console', token: await login(server, 'hz.operator') });
    const xihu = await connectClient(server.url, { client: 'field', token: await login(server, 'xihu.field'), terminalId: randomUUID() });
    const teamId = await teamOf(server, COURTS.xihu.id);
    try {
      const lost = nextEvent(hz, 'team:lost', (l) => l.teamId === teamId);
      const lostUpdate = nextEvent(hz, 'team:updated', (u) => u.teamId === teamId && u.lost);
      xihu.emit('team:position', position(120.13, 30.26));
      const warning = await lost;
      assert.equal(warning.courtId, COURTS.xihu.id);
      assert.equal(warning.teamName, '执行一组');
      assert.deepEqual(warning.lastPosition?.lng, 120.13);
      assert.deepEqual(await lostUpdate, { teamId, status: 'idle', lost: true });
      const back = nextEvent(hz, 'team:updated', (u) => u.teamId === teamId && !u.lost);
      xihu.emit('team:position', position(120.14, 30.26));
      assert.deepEqual(await back, { teamId, status: 'idle', lost: false });
    } finally {
      hz.disconnect();
      xihu.disconnect();
    }
  });

  test('each silence is one stored team-lost warning for the branch; critical while the team is on an ongoing action', async () => {
    const hz = await connectClient(server.url, { client: 'console', token: await login(server, 'hz.operator') });
    const nb = await connectClient(server.url, { client: 'console', token: await login(server, 'nb.operator') });
    const xihu = await connectClient(server.url, { client: 'field', token: await login(server, 'xihu.field'), terminalId: randomUUID() });
    const teamId = await teamOf(server, COURTS.xihu.id);
    const nbHeard: Warning[] = [];
    nb.on('warning:raised', (w) => nbHeard.push(w));
    try {
      const first = nextEvent(hz, 'warning:raised', (w) => w.kind === 'team-lost' && w.teamId === teamId);
      xihu.emit('team:position', position(120.13, 30.26));
      const w1 = await first;
      assert.deepEqual([w1.level, w1.courtId, w1.position?.lng], ['high', COURTS.xihu.id, 120.13]);
      assert.match(w1.text, /^队伍失联：执行一组（西湖法院）已 \d+ 秒无位置回传$/);

      // On an ongoing action the same silence is 行动中设备离线, critical.
      await server.store.db.updateTable('actions').set({ status: 'ongoing' }).where('id', '=', ACTIONS.xihu.id).execute();
      await server.store.db.insertInto('action_teams').values({ action_id: ACTIONS.xihu.id, team_id: teamId, assigned_at: new Date().toISOString() }).execute();
      const second = nextEvent(hz, 'warning:raised', (w) => w.kind === 'team-lost' && w.id !== w1.id);
      xihu.emit('team:position', position(120.14, 30.26));
      const w2 = await second;
      assert.equal(w2.level, 'critical');
      assert.match(w2.text, /^行动中设备离线：执行一组（西湖法院）执行 \(2026\)浙0106执\d+号 时已 \d+ 秒无位置回传$/);

      const stored = await server.store.db.selectFrom('warnings').select(['id', 'kind', 'level']).where('id', 'in', [w1.id, w2.id]).orderBy('raised_at').execute();
      assert.deepEqual(stored.map((r) => ({ ...r })), [{ id: w1.id, kind: 'team-lost', level: 'high' }, { id: w2.id, kind: 'team-lost', level: 'critical' }]);
      const audited = await server.store.db.selectFrom('audit_log').select('detail').where('target_id', '=', teamId).where('action', '=', 'team.lost').execute();
      const auditedIds = audited.map((a) => (JSON.parse(a.detail) as { warningId: string }).warningId);
      assert.ok(auditedIds.includes(w1.id) && auditedIds.includes(w2.id), 'both audited');
      assert.deepEqual(nbHeard, [], '宁波 hears nothing of 西湖\'s team');
    } finally {
      hz.disconnect();
      nb.disconnect();
      xihu.disconnect();
    }
  });
});
