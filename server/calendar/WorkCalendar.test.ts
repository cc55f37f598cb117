import assert from 'node:assert/strict';
import { test } from 'vitest';
import { loadRules } from '../../config/rules.ts';
import { addMonths, daysBetween, WorkCalendar } from './WorkCalendar.ts';

const rules = Object.freeze(loadRules({}));
const cal = new WorkCalendar(rules.calendar);

test('calendar.isWorkday() is Monday to Friday outside holidays', () => {
  assert.equal(cal.isWorkday('2025-03-07'), true); // Friday
  assert.equal(cal.isWorkday('2025-03-08'), false); // Saturday
  assert.equal(cal.isWorkday('2025-03-09'), false); // Sunday
  assert.equal(cal.isWorkday('2025-03-10'), true); // Monday
});

test('calendar.isWorkday() is false on a weekday holiday and true on a make-up Sunday', () => {
  assert.equal(cal.isWorkday('2025-10-01'), false); // 国庆, Wednesday
  assert.equal(cal.isWorkday('2024-02-04'), true); // 春节调休, Sunday
  assert.equal(cal.isWorkday('2024-02-03'), false); // the Saturday before stays off
  assert.equal(cal.isWorkday('2025-09-28'), true); // 国庆调休, Sunday
  assert.equal(cal.isWorkday('2025-10-11'), true); // 国庆调休, Saturday
});

test('calendar.isWorkday() agrees with every configured holiday and make-up day', () => {
  for (const [year, y] of Object.entries(rules.calendar.years)) {
    for (const day of y.holidays) assert.equal(cal.isWorkday(day), false, `${year} holiday ${day}`);
    for (const day of y.makeupWorkdays) assert.equal(cal.isWorkday(day), true, `${year} make-up ${day}`);
  }
});

test('calendar.isWorkday() falls back to Monday to Friday for a year not configured', () => {
  assert.equal(cal.isWorkday('2030-10-01'), true); // Tuesday; no notice known
  assert.equal(cal.isWorkday('2030-10-05'), false); // Saturday
  assert.equal(cal.isWorkday('2023-10-02'), true); // before the covered years
});

test('calendar.addWorkdays() ends 5 working days after a plain Friday on the next Friday', () => {
  assert.equal(cal.addWorkdays('2025-03-07', 5), '2025-03-14');
});

test('calendar.addWorkdays() returns the day itself for 0', () => {
  assert.equal(cal.addWorkdays('2025-03-08', 0), '2025-03-08');
});

test('calendar.addWorkdays() skips National Day week and counts its make-up days', () => {
  // 2025: 10-01..10-08 off; Sunday 09-28 and Saturday 10-11 are working days.
  assert.equal(cal.addWorkdays('2025-09-26', 5), '2025-10-10'); // 09-28, 09-29, 09-30, 10-09, 10-10
  assert.equal(cal.addWorkdays('2025-09-30', 1), '2025-10-09');
  assert.equal(cal.addWorkdays('2025-10-10', 1), '2025-10-11');
  // 2024: 10-01..10-07 off; Sunday 09-29 and Saturday 10-12 are working days.
  assert.equal(cal.addWorkdays('2024-09-27', 3), '2024-10-08'); // 09-29, 09-30, 10-08
});

test('calendar.addWorkdays() skips Spring Festival and counts make-up Saturdays and Sundays', () => {
  // 2025: 01-28..02-04 off; Sunday 01-26 and Saturday 02-08 are working days.
  assert.equal(cal.addWorkdays('2025-01-24', 3), '2025-02-05'); // 01-26, 01-27, 02-05
  assert.equal(cal.addWorkdays('2025-02-07', 1), '2025-02-08');
  // 2026: 02-15..02-23 off; Saturdays 02-14 and 02-28 are working days.
  assert.equal(cal.addWorkdays('2026-02-13', 1), '2026-02-14');
  assert.equal(cal.addWorkdays('2026-02-14', 1), '2026-02-24');
  assert.equal(cal.addWorkdays('2026-02-27', 1), '2026-02-28');
});

test('calendar.addWorkdays() crosses the year boundary', () => {
  assert.equal(cal.addWorkdays('2024-12-31', 1), '2025-01-02'); // 元旦 2025-01-01, Wednesday
  assert.equal(cal.addWorkdays('2025-12-31', 1), '2026-01-04'); // 01-01, 01-02 off; Sunday 01-04 make-up
  assert.equal(cal.addWorkdays('2025-12-31', 2), '2026-01-05');
});

test('calendar.workdaysBetween() counts days after `from` up to and including `to`', () => {
  assert.equal(cal.workdaysBetween('2025-03-07', '2025-03-07'), 0);
  assert.equal(cal.workdaysBetween('2025-03-07', '2025-03-14'), 5);
  assert.equal(cal.workdaysBetween('2025-03-14', '2025-03-07'), -5);
  assert.equal(cal.workdaysBetween('2025-01-27', '2025-02-07'), 3); // Spring Festival: 02-05, 02-06, 02-07
  assert.equal(cal.workdaysBetween('2025-09-30', '2025-10-08'), 0); // National Day
});

test('calendar.workdaysBetween() is the inverse of addWorkdays() across holidays', () => {
  for (const from of ['2024-09-27', '2025-01-24', '2025-12-30', '2026-02-12', '2026-09-18']) {
    for (const n of [0, 1, 3, 7, 10, 20]) assert.equal(cal.workdaysBetween(from, cal.addWorkdays(from, n)), n, `${from} + ${n}`);
  }
});

test('calendar.onOrAfter() moves a day off to the next working day', () => {
  assert.equal(cal.onOrAfter('2025-10-01'), '2025-10-09');
  assert.equal(cal.onOrAfter('2025-03-08'), '2025-03-10');
  assert.equal(cal.onOrAfter('2025-03-10'), '2025-03-10');
});

test('calendar methods throw TypeError naming an invalid day', () => {
  for (const bad of ['2025-02-30', '2025-2-3', '2025/02/03', '', '2025-13-01']) {
    assert.throws(() => cal.isWorkday(bad), (err: unknown) => err instanceof TypeError && err.message.includes(JSON.stringify(bad)));
  }
  assert.throws(() => cal.addWorkdays('2025-00-10', 1), TypeError);
  assert.throws(() => cal.workdaysBetween('2025-03-07', 'tomorrow'), TypeError);
  // @ts-expect-error -- a Date is not a day string
  assert.throws(() => cal.isWorkday(new Date()), TypeError);
});

test('calendar.addWorkdays() throws TypeError for a negative or fractional count', () => {
  assert.throws(() => cal.addWorkdays('2025-03-07', -1), TypeError);
  assert.throws(() => cal.addWorkdays('2025-03-07', 1.5), TypeError);
});

test('new WorkCalendar() throws TypeError for an invalid configured day', () => {
  assert.throws(() => new WorkCalendar({ years: { '2025': { holidays: ['2025-02-29'], makeupWorkdays: [] } } }), TypeError);
});

test('addMonths() clamps to the end of a shorter month', () => {
  assert.equal(addMonths('2025-01-31', 1), '2025-02-28');
  assert.equal(addMonths('2024-01-31', 1), '2024-02-29'); // leap year
  assert.equal(addMonths('2025-11-30', 3), '2026-02-28'); // across the year
  assert.equal(addMonths('2025-12-15', 1), '2026-01-15');
  assert.equal(addMonths('2025-03-31', 1), '2025-04-30');
});

test('daysBetween() counts calendar days, negative backwards', () => {
  assert.equal(daysBetween('2024-02-28', '2024-03-01'), 2);
  assert.equal(daysBetween('2025-02-28', '2025-03-01'), 1);
  assert.equal(daysBetween('2025-03-01', '2025-02-28'), -1);
});
