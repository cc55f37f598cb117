import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'vitest';
import { pino } from 'pino';
import type { PositionFrame, TeamLost, TeamPosition, TeamUpdate } from '../../protocol/position.ts';
import { buildWorld, COURTS } from '../../tests/support/world.ts';
import { AuthService } from '../auth/AuthService.ts';
import { CourtTree } from '../courts/CourtTree.ts';
import { BadMessageError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { Store } from '../store/Store.ts';
import { PositionHub } from './PositionHub.ts';
import { ManualClock } from '../clock.ts';
import { TeamDirectory } from '../teams/TeamDirectory.ts';

const silent: Logger = pino({ level: 'silent' });
const CONFIG = Object.freeze({ frameMs: 100, persistSeconds: 5, lostAfterSeconds: 60 });

interface World {
  store: Store;
  hub: PositionHub;
  clock: ManualClock;
  users: Record<string, string>;
  xihuTeam: string;
  haishuTeam: string;
  watched: Set<string>;
  frames: { courtId: string; frame: PositionFrame }[];
  updates: TeamUpdate[];
  lost: TeamLost[];
  close(): Promise<void>;
}

async function world(): Promise<World> {
  const store = await Store.open({ dataDir: ':memory:' });
  const auth = new AuthService(store.db, { sessionHours: 1, maxFailedLogins: 5, lockoutMinutes: 1, scryptCost: 1024 });
  const users = await buildWorld(store.db, auth);
  const courts = await CourtTree.load(store.db);
  const clock = new ManualClock();
  const watched = new Set<string>([COURTS.high.id, COURTS.hz.id, COURTS.xihu.id, COURTS.nb.id, COURTS.haishu.id]);
  const hub = new PositionHub({ teams: new TeamDirectory(store.db), courts: () => courts, config: CONFIG, logger: silent, isWatched: (c) => watched.has(c), clock });
  const team = async (courtId: string) => (await store.db.selectFrom('teams').select('id').where('court_id', '=', courtId).executeTakeFirstOrThrow()).id;
  const w: World = { store, hub, clock, users, xihuTeam: await team(COURTS.xihu.id), haishuTeam: await team(COURTS.haishu.id), watched, frames: [], updates: [], lost: [],
    async close() {
      await hub.close();
      await store.close();
    },
  };
  hub.on('frame', (courtId, frame) => w.frames.push({ courtId, frame }));
  hub.on('updated', (u) => w.updates.push(u));
  hub.on('lost', (l) => w.lost.push(l));
  return w;
}

const fix = (clock: ManualClock, lng: number, lat: number, ageMs = 0): TeamPosition => ({ lng, lat, at: new Date(clock.now() - ageMs).toISOString() });
const userId = (w: World, username: string) => w.users[username] ?? assert.fail(`no user ${username}`);

describe('PositionHub', () => {
  let w: World;
  beforeEach(async () => {
    w = await world();
  });
  afterEach(() => w.close());

  test('hub.attach() resolves the team of a field officer, and null for a user in no team', async () => {
    const team = await w.hub.attach('s1', userId(w, 'xihu.field'));
    assert.deepEqual(team, { id: w.xihuTeam, courtId: COURTS.xihu.id, name: '执行一组' });
    assert.equal(await w.hub.attach('s2', userId(w, 'h.field')), null);
  });

  test('hub.flush() sends one frame per watched room with only the newest fix of each team heard since the last frame', async () => {
    await w.hub.attach('s1', userId(w, 'xihu.field'));
    for (let i = 0; i < 5; i++) {
      w.clock.t += 10;
      w.hub.report(w.xihuTeam, fix(w.clock, 120.1 + i / 1000, 30.2));
    }
    w.hub.flush();
    const xihu = w.frames.filter((f) => f.courtId === COURTS.xihu.id);
    assert.equal(xihu.length, 1);
    assert.deepEqual(xihu[0]?.frame.teamIds, [w.xihuTeam]);
    assert.deepEqual(xihu[0]?.frame.lngLat, [120.104, 30.2]);
    assert.deepEqual(xihu[0]?.frame.fixedAt, [w.clock.now()]);
    assert.deepEqual(xihu[0]?.frame.status, ['idle']);
    assert.equal(xihu[0]?.frame.full, false);
    w.frames.length = 0;
    w.hub.flush();
    assert.deepEqual(w.frames, [], 'a team not heard again is not in the next frame');
  });

  test("hub.flush() sends a team to its court's room and every ancestor's, never to another branch", async () => {
    await w.hub.attach('s1', userId(w, 'xihu.field'));
    await w.hub.attach('s2', userId(w, 'haishu.field'));
    w.hub.report(w.xihuTeam, fix(w.clock, 120.13, 30.26));
    w.hub.report(w.haishuTeam, fix(w.clock, 121.55, 29.86));
    w.hub.flush();
    const rooms = (teamId: string) => w.frames.filter((f) => f.frame.teamIds.includes(teamId)).map((f) => f.courtId).sort();
    assert.deepEqual(rooms(w.xihuTeam), [COURTS.high.id, COURTS.hz.id, COURTS.xihu.id].sort());
    assert.deepEqual(rooms(w.haishuTeam), [COURTS.high.id, COURTS.nb.id, COURTS.haishu.id].sort());
    const high = w.frames.find((f) => f.courtId === COURTS.high.id);
    assert.deepEqual(high?.frame.teamIds.length, 2, 'the high court gets both teams in one frame');
  });

  test('hub.flush() builds no frame for a room nobody listens to', async () => {
    w.watched.clear();
    w.watched.add(COURTS.hz.id);
    await w.hub.attach('s1', userId(w, 'xihu.field'));
    w.hub.report(w.xihuTeam, fix(w.clock, 120.13, 30.26));
    w.hub.flush();
    assert.deepEqual(
      w.frames.map((f) => f.courtId),
      [COURTS.hz.id],
    );
  });

  test('hub.report() drops a fix older than the newest one (two phones of one team, or a reordered packet)', async () => {
    await w.hub.attach('s1', userId(w, 'xihu.field'));
    w.hub.report(w.xihuTeam, fix(w.clock, 120.2, 30.2));
    w.hub.report(w.xihuTeam, fix(w.clock, 120.1, 30.1, 2_000));
    w.hub.flush();
    assert.deepEqual(w.frames[0]?.frame.lngLat, [120.2, 30.2]);
  });

  test('hub.report() throws BadMessageError for a fix stamped more than five minutes ahead of the server clock', async () => {
    await w.hub.attach('s1', userId(w, 'xihu.field'));
    assert.throws(() => w.hub.report(w.xihuTeam, fix(w.clock, 120.2, 30.2, -6 * 60_000)), BadMessageError);
    w.hub.flush();
    assert.deepEqual(w.frames, []);
  });

  test('hub.start() runs the frame timer every frameMs on the injected clock', async () => {
    w.hub.start();
    await w.hub.attach('s1', userId(w, 'xihu.field'));
    w.hub.report(w.xihuTeam, fix(w.clock, 120.2, 30.2));
    w.clock.advance(99);
    assert.equal(w.frames.length, 0);
    w.clock.advance(1);
    assert.equal(w.frames.filter((f) => f.courtId === COURTS.xihu.id).length, 1);
  });

  test('a watched team silent for lostAfterSeconds turns lost (team:updated and team:lost), and back when it reports', async () => {
    w.hub.start();
    await w.hub.attach('s1', userId(w, 'xihu.field'));
    w.hub.report(w.xihuTeam, fix(w.clock, 120.2, 30.2));
    w.clock.advance(59_000);
    assert.equal(w.lost.length, 0);
    w.clock.advance(2_000);
    assert.equal(w.lost.length, 1);
    assert.equal(w.lost[0]?.teamId, w.xihuTeam);
    assert.equal(w.lost[0]?.courtId, COURTS.xihu.id);
    assert.deepEqual(w.lost[0]?.lastPosition?.lng, 120.2);
    assert.deepEqual(w.updates, [{ teamId: w.xihuTeam, status: 'idle', lost: true }]);
    assert.deepEqual(w.hub.lostTeams(COURTS.hz.id), [{ teamId: w.xihuTeam, status: 'idle', lost: true }]);
    assert.deepEqual(w.hub.lostTeams(COURTS.nb.id), []);
    w.clock.advance(120_000);
    assert.equal(w.lost.length, 1, 'lost is raised once, not every sweep');
    w.hub.report(w.xihuTeam, fix(w.clock, 120.21, 30.2));
    assert.deepEqual(w.updates.at(-1), { teamId: w.xihuTeam, status: 'idle', lost: false });
  });

  test('a team en route keeps being watched after its terminal disconnects; an idle one is off duty', async () => {
    w.hub.start();
    await w.hub.attach('s1', userId(w, 'xihu.field'));
    await w.hub.attach('s2', userId(w, 'haishu.field'));
    await w.hub.setStatus(w.xihuTeam, 'en_route', { userId: userId(w, 'xihu.field'), username: 'xihu.field' });
    w.hub.detach('s1', w.xihuTeam);
    w.hub.detach('s2', w.haishuTeam);
    w.clock.advance(61_000);
    assert.deepEqual(
      w.lost.map((l) => l.teamId),
      [w.xihuTeam],
    );
    assert.equal(w.lost[0]?.lastPosition, null, 'it never sent a position');
    // The idle team signs on again hours later: its time off duty does not count as silence.
    w.clock.advance(3 * 3_600_000);
    await w.hub.attach('s3', userId(w, 'haishu.field'));
    w.clock.advance(30_000);
    assert.deepEqual(
      w.lost.map((l) => l.teamId),
      [w.xihuTeam],
    );
  });

  test('hub.setStatus() stores the status with an audit entry, announces it, and puts the team in the next frame', async () => {
    await w.hub.attach('s1', userId(w, 'xihu.field'));
    w.hub.report(w.xihuTeam, fix(w.clock, 120.2, 30.2));
    w.hub.flush();
    w.frames.length = 0;
    const update = await w.hub.setStatus(w.xihuTeam, 'on_scene', { userId: userId(w, 'xihu.field'), username: 'xihu.field' });
    assert.deepEqual(update, { teamId: w.xihuTeam, status: 'on_scene', lost: false });
    assert.deepEqual(w.updates, [update]);
    const row = await w.store.db.selectFrom('teams').select('status').where('id', '=', w.xihuTeam).executeTakeFirstOrThrow();
    assert.equal(row.status, 'on_scene');
    const audit = await w.store.db.selectFrom('audit_log').selectAll().where('action', '=', 'team.status').execute();
    assert.equal(audit.length, 1);
    assert.deepEqual(JSON.parse(audit[0]?.detail ?? '{}'), { from: 'idle', to: 'on_scene' });
    w.hub.flush();
    assert.deepEqual(w.frames.find((f) => f.courtId === COURTS.xihu.id)?.frame.status, ['on_scene']);
  });

  test('hub.persist() writes the newest fix of teams that moved, and only those', async () => {
    await w.hub.attach('s1', userId(w, 'xihu.field'));
    await w.hub.attach('s2', userId(w, 'haishu.field'));
    w.hub.report(w.xihuTeam, fix(w.clock, 120.2, 30.2, 1_000));
    w.hub.report(w.xihuTeam, fix(w.clock, 120.25, 30.25));
    await w.hub.persist();
    const rows = await w.store.db.selectFrom('teams').select(['id', 'last_lng', 'last_lat', 'last_position_at']).orderBy('id').execute();
    assert.deepEqual({ ...rows.find((r) => r.id === w.xihuTeam) }, {
      id: w.xihuTeam,
      last_lng: 120.25,
      last_lat: 30.25,
      last_position_at: new Date(w.clock.now()).toISOString(),
    });
    assert.equal(rows.find((r) => r.id === w.haishuTeam)?.last_lng, null);
  });

  test('hub.persist(slice) writes only the teams of that slice (the timer spreads each period over ten)', async () => {
    await w.hub.attach('s1', userId(w, 'xihu.field'));
    await w.hub.attach('s2', userId(w, 'haishu.field'));
    w.hub.report(w.xihuTeam, fix(w.clock, 120.2, 30.2));
    w.hub.report(w.haishuTeam, fix(w.clock, 121.5, 29.8));
    await w.hub.persist(1);
    const lng = async (id: string) => (await w.store.db.selectFrom('teams').select('last_lng').where('id', '=', id).executeTakeFirstOrThrow()).last_lng;
    assert.equal(await lng(w.xihuTeam), null);
    assert.equal(await lng(w.haishuTeam), 121.5);
    await w.hub.persist(0);
    assert.equal(await lng(w.xihuTeam), 120.2);
  });

  test('hub.snapshot() holds every team a court may see that has a position, as a full frame', async () => {
    await w.hub.attach('s1', userId(w, 'xihu.field'));
    await w.hub.attach('s2', userId(w, 'haishu.field'));
    w.hub.report(w.xihuTeam, fix(w.clock, 120.2, 30.2));
    w.hub.report(w.haishuTeam, fix(w.clock, 121.5, 29.8));
    assert.deepEqual(w.hub.snapshot(COURTS.hz.id)?.teamIds, [w.xihuTeam]);
    assert.equal(w.hub.snapshot(COURTS.hz.id)?.full, true);
    assert.equal(w.hub.snapshot(COURTS.high.id)?.teamIds.length, 2);
    assert.equal(w.hub.snapshot(COURTS.binjiang.id), null);
  });

  test('hub.close() stops its timers and writes the last positions; a second call does nothing', async () => {
    w.hub.start();
    assert.equal(w.clock.timers, 3);
    await w.hub.attach('s1', userId(w, 'xihu.field'));
    w.hub.report(w.xihuTeam, fix(w.clock, 120.3, 30.3));
    await w.hub.close();
    await w.hub.close();
    assert.equal(w.clock.timers, 0);
    const row = await w.store.db.selectFrom('teams').select('last_lng').where('id', '=', w.xihuTeam).executeTakeFirstOrThrow();
    assert.equal(row.last_lng, 120.3);
  });
});
