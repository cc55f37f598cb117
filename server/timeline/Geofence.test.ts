import assert from 'node:assert/strict';
import { describe, test } from 'vitest';
import { distanceM, Geofence } from './Geofence.ts';

const SITE = Object.freeze({ lng: 120.14, lat: 30.27, radiusM: 200 });
/** Degrees of latitude per metre (north of the site). */
const DEG_PER_M = 1 / 111_195;
/** A fix `m` metres due north of the site's centre. */
const north = (m: number, at = 0) => ({ lng: SITE.lng, lat: SITE.lat + m * DEG_PER_M, at });

function fenced(hysteresisM = 10): Geofence {
  const g = new Geofence(hysteresisM);
  g.setSite('a1', SITE);
  g.setState('a1', 't1', 'unknown');
  return g;
}

describe('Geofence', () => {
  test('distanceM() measures a kilometre north as 1,000 m', () => {
    assert.ok(Math.abs(distanceM(120, 30, 120, 30 + 1000 * DEG_PER_M) - 1000) < 0.5);
  });

  test('geofence.check() reports one arrival and one departure for in, jitter on the edge, out', () => {
    const g = fenced();
    const path = [500, 300, 150, 50, 199, 203, 198, 207, 201, 209, 195, 250, 400, 600].map((m, i) => north(m, i * 1000));
    const crossings = path.flatMap((fix) => g.check('t1', fix));
    assert.deepEqual(
      crossings.map((c) => [c.kind, c.distanceM]),
      [
        ['arrive', 150],
        ['depart', 250],
      ],
    );
    assert.deepEqual(crossings.map((c) => [c.actionId, c.teamId, c.radiusM]), [
      ['a1', 't1', 200],
      ['a1', 't1', 200],
    ]);
  });

  test('geofence.check() takes the first fix inside after the start as the arrival; a first fix outside says nothing', () => {
    const inside = fenced();
    assert.deepEqual(inside.check('t1', north(20)).map((c) => c.kind), ['arrive']);
    assert.deepEqual(inside.check('t1', north(30)), []);
    const outside = fenced();
    assert.deepEqual(outside.check('t1', north(900)), []);
    assert.deepEqual(outside.check('t1', north(180)).map((c) => c.kind), ['arrive']);
  });

  test('geofence.check() ignores a team whose state is loading, and one on no fence', () => {
    const g = fenced();
    g.setState('a1', 't1', 'loading');
    assert.deepEqual(g.check('t1', north(10)), []);
    assert.deepEqual(g.check('t2', north(10)), []);
  });

  test('geofence.check() resumes from a stored arrival: no second arrival, the departure still comes', () => {
    const g = fenced();
    g.setState('a1', 't1', 'inside');
    assert.deepEqual(g.check('t1', north(10)), []);
    assert.deepEqual(g.check('t1', north(260)).map((c) => c.kind), ['depart']);
  });

  test('geofence.drop() forgets the action and its teams', () => {
    const g = fenced();
    g.drop('a1');
    assert.equal(g.has('a1', 't1'), false);
    assert.deepEqual(g.check('t1', north(10)), []);
  });
});
