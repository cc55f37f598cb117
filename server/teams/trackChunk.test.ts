import assert from 'node:assert/strict';
import { describe, test } from 'vitest';
import { decodeChunk, encodeChunk, keeps, metresBetween, toTeamTrack, type TrackPoint } from './trackChunk.ts';

const T0 = Date.parse('2026-06-01T02:00:00.000Z');
const at = (s: number, lng = 120.13, lat = 30.26, status: TrackPoint['status'] = 'en_route'): TrackPoint => ({ at: T0 + s * 1000, lng, lat, status });
/** Degrees of latitude for `m` metres. */
const north = (m: number) => m / 111_195;

describe('track chunks', () => {
  test('metresBetween() measures 20 m of latitude as 20 m', () => {
    assert.ok(Math.abs(metresBetween(at(0), at(0, 120.13, 30.26 + north(20))) - 20) < 0.01);
  });

  test('keeps() keeps the first fix, one 10 s later, one 20 m away and a status change, and drops the rest', () => {
    const last = at(0);
    assert.equal(keeps(null, last), true);
    assert.equal(keeps(last, at(9.999)), false, 'within 10 s and in place');
    assert.equal(keeps(last, at(10)), true, '10 s later');
    assert.equal(keeps(last, at(1, 120.13, 30.26 + north(19.5))), false, '19.5 m away');
    assert.equal(keeps(last, at(1, 120.13, 30.26 + north(20.5))), true, '20.5 m away');
    assert.equal(keeps(last, at(1, 120.13, 30.26, 'on_scene')), true, 'status changed');
    assert.equal(keeps(last, at(0, 121, 31, 'on_scene')), false, 'not after the last');
  });

  test('decodeChunk() reads back what encodeChunk() packed as varint deltas, within [from, to]', () => {
    const points = [at(0), at(10, 120.131234, 30.261111, 'on_scene'), at(3_599, 120.2, 30.3, 'returning'), at(3_601, 119.999999, 29.5, 'idle')];
    const c = encodeChunk(points);
    // The first point: time 1 byte, lng and lat 4 each (absolute); then 10 s in place: 3 + 1 + 1 bytes.
    assert.equal(encodeChunk(points.slice(0, 2).map((p) => ({ ...p, lng: 120.13, lat: 30.26 }))).data.length, 9 + 5);
    assert.equal(c.startsAt, '2026-06-01T02:00:00.000Z');
    assert.equal(c.endsAt, new Date(T0 + 3_601_000).toISOString());
    const all: TrackPoint[] = [];
    decodeChunk(c.startsAt, c.data, T0, T0 + 3_601_000, all);
    assert.deepEqual(all, points);
    const some: TrackPoint[] = [];
    decodeChunk(c.startsAt, c.data, T0 + 1, T0 + 10_000, some);
    assert.deepEqual(some, [points[1]]);
    assert.throws(() => decodeChunk(c.startsAt, c.data.subarray(0, c.data.length - 1), T0, T0 + 3_601_000, []), RangeError);
  });

  test('toTeamTrack() gives a flat path, seconds after the origin and the status changes', () => {
    const track = toTeamTrack({ id: 't1', name: '执行一组', courtId: 'c1' }, [at(5), at(15, 120.14), at(20, 120.15, 30.26, 'on_scene')], T0);
    assert.deepEqual(track.path, [120.13, 30.26, 120.14, 30.26, 120.15, 30.26]);
    assert.deepEqual(track.timestamps, [5, 15, 20]);
    assert.deepEqual(track.statuses, [
      { t: 5, status: 'en_route' },
      { t: 20, status: 'on_scene' },
    ]);
  });
});
