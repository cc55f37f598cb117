import assert from 'node:assert/strict';
import { test } from 'vitest';
import type { TeamTrack } from '../../../protocol/map.ts';
import { toMap } from './datum.ts';
import { positionAt, replayHeads, replayPaths } from './replayPaths.ts';
import { firstTime } from './ReplayModel.ts';

const track = (teamId: string, points: [number, number, number][]): TeamTrack => ({
  teamId,
  name: `组${teamId}`,
  courtId: 'c1',
  path: points.flatMap(([lng, lat]) => [lng, lat]),
  timestamps: points.map((p) => p[2]),
  statuses: [{ t: points[0]?.[2] ?? 0, status: 'en_route' }],
});

test('replayPaths() turns flat pairs into TripsLayer paths, shifted for a GCJ-02 map, one colour per team', () => {
  const [a, b] = replayPaths([track('1', [[120, 30, 0], [120.1, 30, 60]]), track('2', [[121, 29, 30]])], 'GCJ-02');
  assert.equal(a!.path.length, 2);
  assert.deepEqual(a!.path[1], toMap('GCJ-02', 120.1, 30));
  assert.deepEqual(a!.timestamps, [0, 60]);
  assert.notDeepEqual(a!.colour, b!.colour);
});

test('positionAt() interpolates between fixes, holds the last, and is null before the first', () => {
  const [p] = replayPaths([track('1', [[120, 30, 10], [120.2, 30, 30], [120.2, 30.2, 50]])], 'WGS-84');
  assert.equal(positionAt(p!, 5), null);
  assert.deepEqual(positionAt(p!, 20), [120.1, 30]);
  assert.deepEqual(positionAt(p!, 40), [120.2, 30.1]);
  assert.deepEqual(positionAt(p!, 99), [120.2, 30.2]);
  assert.equal(replayHeads([p!], 20)[0]?.name, '组1');
});

test('firstTime() is where playing starts: the earliest first point of any track', () => {
  assert.equal(firstTime([track('1', [[120, 30, 40]]), track('2', [[120, 30, 15]])]), 15);
  assert.equal(firstTime([]), 0);
});
