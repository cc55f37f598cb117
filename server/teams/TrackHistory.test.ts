import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test, vi } from 'vitest';
import { ManualClock } from '../clock.ts';
import { Store } from '../store/Store.ts';
import type { TrackPoint } from './trackChunk.ts';
import { TrackHistory } from './TrackHistory.ts';

const T0 = Date.parse('2026-06-01T02:00:00.000Z');
const TEAM = 'team-1';
// Positions are micro-degrees, as PositionHub rounds them.
const fix = (s: number, lng = 120.13, status: TrackPoint['status'] = 'en_route'): TrackPoint => ({ at: T0 + s * 1000, lng: Math.round(lng * 1e6) / 1e6, lat: 30.26, status });
const silent = { error: () => undefined, warn: () => undefined, info: () => undefined } as unknown as ConstructorParameters<typeof TrackHistory>[0]['logger'];

describe('TrackHistory', () => {
  let store: Store;
  let clock: ManualClock;
  let history: TrackHistory;
  beforeEach(async () => {
    store = await Store.open({ dataDir: ':memory:' });
    await store.db.insertInto('courts').values({ id: 'c1', name: '法院', short_name: '法院', level: 'high', parent_id: null, case_code: '浙', division_code: '330000', lng: 120, lat: 30 }).execute();
    await store.db.insertInto('teams').values({ id: TEAM, court_id: 'c1', name: '执行一组', leader_user_id: null, vehicle: null, status: 'idle', last_lng: null, last_lat: null, last_position_at: null }).execute();
    clock = new ManualClock(T0);
    history = new TrackHistory({ db: store.db, clock, logger: silent, historyDays: 90 });
  });
  afterEach(async () => {
    await history.close();
    await store.close();
  });
  const stored = async () => (await store.db.selectFrom('team_positions').select(['starts_at', 'ends_at', 'points']).orderBy('starts_at').execute()).map((r) => ({ ...r }));

  test('TrackHistory.record() keeps one fix per 10 s in place, each 20 m move, and a status change stamped after the last fix', async () => {
    for (let s = 0; s < 30; s++) history.record(TEAM, fix(s));
    history.record(TEAM, fix(30.5, 120.13 + 0.0003)); // ~29 m east: kept
    history.record(TEAM, fix(31, 120.13 + 0.0003)); // in place, 0.5 s later: dropped
    history.record(TEAM, { ...fix(31), lng: 120.13 + 0.0003, status: 'on_scene', at: T0 + 30_000 }); // the server clock behind the terminal's
    const points = await history.read(TEAM, T0, T0 + 60_000);
    assert.deepEqual(
      points.map((p) => [(p.at - T0) / 1000, p.status]),
      [[0, 'en_route'], [10, 'en_route'], [20, 'en_route'], [30.5, 'en_route'], [30.501, 'on_scene']],
    );
  });

  test('TrackHistory writes a chunk once it is 10 minutes old, and read() gives the same points from the store', async () => {
    history.start();
    for (let s = 0; s <= 120; s += 10) history.record(TEAM, fix(s, 120.13 + s * 1e-5));
    const before = await history.read(TEAM, T0, T0 + 3_600_000);
    clock.advance(9 * 60_000);
    assert.equal((await stored()).length, 0, 'not yet 10 minutes old');
    clock.advance(60_000);
    await history.flush(false);
    assert.deepEqual(await stored(), [{ starts_at: '2026-06-01T02:00:00.000Z', ends_at: '2026-06-01T02:02:00.000Z', points: 13 }]);
    assert.deepEqual(await history.read(TEAM, T0, T0 + 3_600_000), before);
    assert.deepEqual((await history.read(TEAM, T0 + 15_000, T0 + 35_000)).map((p) => p.at - T0), [20_000, 30_000]);
  });

  test('TrackHistory prunes chunks that ended more than historyDays ago, in its hourly task', async () => {
    history.record(TEAM, fix(-1));
    await history.flush(true);
    history.start();
    // A jump of days fires the hourly task once (its run is in flight while the other ticks pass).
    clock.advance(90 * 86_400_000 - 30 * 60_000);
    // Queued behind the task's own run on the one connection: when it resolves, that run is over.
    assert.equal(await history.prune(), 0);
    assert.equal((await stored()).length, 1, 'kept for 90 days');
    clock.advance(3_600_000);
    await vi.waitFor(async () => assert.equal((await stored()).length, 0, 'pruned once 90 days old'));
  });

  test('TrackHistory.close() writes what is still in memory, and a second close does nothing', async () => {
    history.start();
    history.record(TEAM, fix(0));
    history.record(TEAM, fix(10));
    await history.close();
    await history.close();
    assert.deepEqual((await stored()).map((r) => r.points), [2]);
    history.record(TEAM, fix(20));
    assert.equal((await history.read(TEAM, T0, T0 + 60_000)).length, 2, 'nothing kept after close');
  });
});
