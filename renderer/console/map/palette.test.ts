import assert from 'node:assert/strict';
import { test } from 'vitest';
import { courtHeat, courtScore, courtShade, riskAt, RISK_RGBA } from './palette.ts';

test('courtShade() is clear without cases and turns from blue towards red, more opaque, as a court heats', () => {
  assert.deepEqual(courtShade(null), [0, 0, 0, 0]);
  const calm = courtShade(0);
  const hot = courtShade(1);
  assert.ok(calm[0] < courtShade(0.5)[0] && courtShade(0.5)[0] < hot[0], 'redder');
  assert.ok(calm[3] < hot[3], 'more opaque');
  assert.deepEqual(hot.slice(0, 3), RISK_RGBA.red.slice(0, 3));
});

test('courtHeat() ranks courts between the calmest and the hottest; red weighs ten times overdue', () => {
  const heat = courtHeat([
    { id: 'calm', active: 100, red: 0, overdue: 10 },
    { id: 'red', active: 100, red: 5, overdue: 10 },
    { id: 'overdue', active: 100, red: 0, overdue: 40 },
    { id: 'empty', active: 0, red: 0, overdue: 0 },
  ]);
  assert.equal(heat.get('calm'), 0);
  assert.equal(heat.get('red'), 1);
  assert.ok(heat.get('overdue')! > 0 && heat.get('overdue')! < 1);
  assert.equal(heat.get('empty'), null);
  assert.equal(courtScore({ active: 10, red: 1, overdue: 0 }), 0.1);
});

test('riskAt() names RISK_COLOURS by index', () => {
  assert.equal(riskAt(0), 'red');
  assert.equal(riskAt(3), 'green');
  assert.equal(riskAt(9), null);
});
