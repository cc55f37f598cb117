import assert from 'node:assert/strict';
import { test } from 'vitest';
import { loadRules } from '../../config/rules.ts';
import { supervisionColour } from './supervisionClock.ts';

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) for (const v of Object.values(value)) deepFreeze(v);
  return Object.freeze(value);
}

// Defaults (seed 000): yellow after 1 month, red after 3 months.
const rules = deepFreeze(loadRules({}).supervision);
const colourOn = (handedOverOn: string, today: string) => supervisionColour(handedOverOn, today, rules).colour;

test('supervisionColour() is green with nobody told on the hand-over day', () => {
  assert.deepEqual(supervisionColour('2025-03-10', '2025-03-10', rules), { colour: 'green', elapsedDays: 0, pushedTo: [] });
});

test('supervisionColour() is green at exactly 1 month and yellow 1 day later', () => {
  assert.equal(colourOn('2025-03-10', '2025-04-10'), 'green');
  assert.equal(colourOn('2025-03-10', '2025-04-11'), 'yellow');
});

test('supervisionColour() pushes yellow to the county department and township leaders', () => {
  assert.deepEqual(supervisionColour('2025-03-10', '2025-04-11', rules), {
    colour: 'yellow',
    elapsedDays: 32,
    pushedTo: ['县级责任部门', '乡镇党政主要负责人'],
  });
});

test('supervisionColour() is yellow at exactly 3 months and red 1 day later', () => {
  assert.equal(colourOn('2025-03-10', '2025-06-10'), 'yellow');
  const red = supervisionColour('2025-03-10', '2025-06-11', rules);
  assert.deepEqual(red, { colour: 'red', elapsedDays: 93, pushedTo: ['县级分管领导'] });
});

test('supervisionColour() clamps a month to its end: hand-over on Jan 31 is 1 month old on Feb 28', () => {
  assert.equal(colourOn('2025-01-31', '2025-02-28'), 'green');
  assert.equal(colourOn('2025-01-31', '2025-03-01'), 'yellow');
});

test('supervisionColour() counts Feb 29 in a leap year', () => {
  assert.equal(colourOn('2024-01-31', '2024-02-29'), 'green');
  assert.equal(colourOn('2024-01-31', '2024-03-01'), 'yellow');
  assert.equal(supervisionColour('2024-01-31', '2024-03-01', rules).elapsedDays, 30);
  // Nov 30 + 3 months = Feb 29, 2028.
  assert.equal(colourOn('2027-11-30', '2028-02-29'), 'yellow');
  assert.equal(colourOn('2027-11-30', '2028-03-01'), 'red');
});

test('supervisionColour() crosses the year boundary', () => {
  assert.equal(colourOn('2025-12-15', '2026-01-15'), 'green');
  assert.equal(colourOn('2025-12-15', '2026-03-16'), 'red');
});

test('supervisionColour() follows configured months', () => {
  const slow = deepFreeze({ ...rules, yellowAfterMonths: 2, redAfterMonths: 6 });
  assert.equal(supervisionColour('2025-01-10', '2025-03-10', slow).colour, 'green');
  assert.equal(supervisionColour('2025-01-10', '2025-03-11', slow).colour, 'yellow');
  assert.equal(supervisionColour('2025-01-10', '2025-07-11', slow).colour, 'red');
});

test('supervisionColour() returns a copy of the recipients', () => {
  const s = supervisionColour('2025-01-10', '2025-06-10', rules);
  s.pushedTo.push('extra');
  assert.deepEqual(rules.pushTo.red, ['县级分管领导']);
});

test('supervisionColour() throws TypeError when today is before the hand-over', () => {
  assert.throws(() => supervisionColour('2025-03-10', '2025-03-09', rules), TypeError);
});

test('supervisionColour() throws TypeError for an invalid day', () => {
  assert.throws(() => supervisionColour('2025-02-30', '2025-03-09', rules), TypeError);
  assert.throws(() => supervisionColour('2025-02-01', '2025-3-9', rules), TypeError);
});
