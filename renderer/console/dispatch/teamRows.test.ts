import assert from 'node:assert/strict';
import { test } from 'vitest';
import type { TeamInfo } from '../../../protocol/api.ts';
import type { PositionFrame } from '../../../protocol/position.ts';
import { logFrame, logUpdate, rowsAfterRead, type TeamLive } from './teamRows.ts';

const FIX = Date.parse('2026-06-01T02:00:00.000Z');

const info = (id: string, status: TeamInfo['status'], at: string | null): TeamInfo =>
  Object.freeze({
    id,
    courtId: 'c330106',
    name: `执行组 ${id}`,
    status,
    vehicle: null,
    lastPosition: at ? { lng: 120.13, lat: 30.26, at } : null,
    members: [],
    devices: [],
  });

const frame = (teamIds: string[], fixedAt: number[], status: PositionFrame['status']): PositionFrame =>
  Object.freeze({ at: new Date(FIX).toISOString(), full: true, teamIds, lngLat: teamIds.flatMap(() => [120.13, 30.26]), fixedAt, status });

test('rowsAfterRead() takes the REST row, not lost, for a team the socket said nothing about since it connected', () => {
  const [row] = rowsAfterRead([info('t1', 'en_route', '2026-06-01T02:00:00.000Z')], new Map());
  assert.deepEqual(row && [row.status, row.lost, row.fixedAt], ['en_route', false, FIX]);
});

test('rowsAfterRead() lays what the socket said since it connected over the REST row (newer fix, status, lost)', () => {
  const log = new Map<string, TeamLive>();
  logFrame(log, frame(['t1'], [FIX + 9_000], ['on_scene']));
  logUpdate(log, 't1', { status: 'on_scene', lost: true });
  const [row] = rowsAfterRead([info('t1', 'en_route', '2026-06-01T02:00:05.000Z')], log);
  assert.deepEqual(row && [row.status, row.lost, row.fixedAt], ['on_scene', true, FIX + 9_000]);
});

test('rowsAfterRead() keeps the REST fix when it is newer than the frames heard', () => {
  const log = new Map<string, TeamLive>();
  logFrame(log, frame(['t1'], [FIX - 60_000], ['idle']));
  const [row] = rowsAfterRead([info('t1', 'idle', '2026-06-01T02:00:00.000Z')], log);
  assert.equal(row?.fixedAt, FIX);
});

test('logFrame() never moves a team\'s fix back in time', () => {
  const log = new Map<string, TeamLive>();
  logFrame(log, frame(['t1'], [FIX], ['en_route']));
  logFrame(log, frame(['t1'], [FIX - 1_000], ['en_route']));
  assert.equal(log.get('t1')?.fixedAt, FIX);
});

test('logUpdate() from team:lost keeps the status already heard', () => {
  const log = new Map<string, TeamLive>();
  logUpdate(log, 't1', { status: 'returning', lost: false });
  logUpdate(log, 't1', { lost: true });
  assert.deepEqual(log.get('t1'), { status: 'returning', lost: true });
});
