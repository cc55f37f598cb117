import assert from 'node:assert/strict';
import { test } from 'vitest';
import { loadRules } from '../../config/rules.ts';
import { WorkCalendar } from '../calendar/WorkCalendar.ts';
import { isOverdue, stageDueOn } from './stageDeadline.ts';

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) for (const v of Object.values(value)) deepFreeze(v);
  return Object.freeze(value);
}

const all = deepFreeze(loadRules({}));
const rules = all.deadlines;
const cal = new WorkCalendar(all.calendar);

// A plain week: 2025-03-03 is a Monday, no holiday until 04-04 (清明).
const FILED = '2025-03-03';

test('stageDueOn() for filing is 5 working days from filing', () => {
  assert.equal(stageDueOn('filing', FILED, FILED, null, cal, rules), '2025-03-10');
  // Filed on the Friday before National Day 2025: 09-28 (make-up Sunday), 09-29, 09-30, 10-09, 10-10.
  assert.equal(stageDueOn('filing', '2025-09-26', '2025-09-26', null, cal, rules), '2025-10-10');
});

test('stageDueOn() for asset_search is 10 working days from entering it', () => {
  assert.equal(stageDueOn('asset_search', '2025-03-10', FILED, null, cal, rules), '2025-03-24');
  // Spring Festival 2026: 02-15..02-23 off, Saturdays 02-14 and 02-28 worked.
  assert.equal(stageDueOn('asset_search', '2026-02-09', '2026-02-06', null, cal, rules), '2026-02-28');
});

test('stageDueOn() for asset_search follows a configured 20 working days', () => {
  const slow = deepFreeze({ ...rules, limits: { ...rules.limits, assetSearch: { ...rules.limits.assetSearch, count: 20 } } });
  assert.equal(stageDueOn('asset_search', '2025-03-10', FILED, null, cal, slow), '2025-04-08'); // 04-04 清明 skipped
});

test('stageDueOn() for service is 5 working days from entering it', () => {
  assert.equal(stageDueOn('service', '2025-03-24', FILED, null, cal, rules), '2025-03-31');
});

test('stageDueOn() for triage is null: seed 004 sets no limit on the split itself', () => {
  assert.equal(stageDueOn('triage', '2025-03-31', FILED, null, cal, rules), null);
});

test('stageDueOn() for on_site is null on the complex track', () => {
  assert.equal(stageDueOn('on_site', '2025-04-01', FILED, 'complex', cal, rules), null);
  assert.equal(stageDueOn('on_site', '2025-04-01', FILED, null, cal, rules), null);
});

test('stageDueOn() for on_site on the simple track is 3 calendar months from filing', () => {
  assert.equal(stageDueOn('on_site', '2025-04-01', FILED, 'simple', cal, rules), '2025-06-03');
  // Filed 2024-11-30: 3 months clamp to 2025-02-28 (Friday).
  assert.equal(stageDueOn('on_site', '2024-12-20', '2024-11-30', 'simple', cal, rules), '2025-02-28');
  // Filed 2025-07-01: 10-01 falls in National Day week, so it runs to 10-09.
  assert.equal(stageDueOn('on_site', '2025-08-01', '2025-07-01', 'simple', cal, rules), '2025-10-09');
});

test('stageDueOn() for disposal is 7 working days from entering it, on any track', () => {
  assert.equal(stageDueOn('disposal', '2025-04-01', FILED, 'complex', cal, rules), '2025-04-11'); // 04-04 清明
  assert.equal(stageDueOn('disposal', '2025-04-01', FILED, 'simple', cal, rules), '2025-04-11');
});

test('stageDueOn() for payout on the complex track is 10 working days from money arriving', () => {
  // 05-01..05-05 off (劳动节 2025).
  assert.equal(stageDueOn('payout', '2025-04-28', FILED, 'complex', cal, rules), '2025-05-15');
  assert.equal(stageDueOn('payout', '2025-04-28', FILED, null, cal, rules), '2025-05-15');
});

test('stageDueOn() for payout on the simple track is 7 working days, capped by the 3-month closure', () => {
  assert.equal(stageDueOn('payout', '2025-04-01', FILED, 'simple', cal, rules), '2025-04-11');
  // Entered payout 2 days before the closure limit (2025-06-03): the closure governs.
  assert.equal(stageDueOn('payout', '2025-05-30', FILED, 'simple', cal, rules), '2025-06-03');
});

test('stageDueOn() for closed is null', () => {
  assert.equal(stageDueOn('closed', '2025-05-30', FILED, 'simple', cal, rules), null);
});

test('stageDueOn() counts a limit in calendar days and runs it to the next working day', () => {
  const days = deepFreeze({
    ...rules,
    limits: { ...rules.limits, auctionNotice: { unit: 'days' as const, count: 7, from: 'entered' as const } },
  });
  assert.equal(stageDueOn('disposal', '2025-03-03', FILED, null, cal, days), '2025-03-10'); // 03-10 Monday
  assert.equal(stageDueOn('disposal', '2025-03-01', FILED, null, cal, days), '2025-03-10'); // 03-08 Saturday → Monday
});

test('stageDueOn() throws TypeError for an invalid day even when the stage has no limit', () => {
  assert.throws(() => stageDueOn('filing', '2025-02-30', '2025-02-30', null, cal, rules), TypeError);
  assert.throws(() => stageDueOn('closed', '2025-03-03', '03/03/2025', null, cal, rules), TypeError);
});

test('isOverdue() is false on the due day and true the day after', () => {
  assert.equal(isOverdue('2025-03-10', '2025-03-09'), false);
  assert.equal(isOverdue('2025-03-10', '2025-03-10'), false);
  assert.equal(isOverdue('2025-03-10', '2025-03-11'), true);
  assert.equal(isOverdue('2025-12-31', '2026-01-01'), true);
});

test('isOverdue() is false when no limit applies', () => {
  assert.equal(isOverdue(null, '2099-01-01'), false);
});

test('isOverdue() throws TypeError for an invalid day', () => {
  assert.throws(() => isOverdue('2025-03-10', '2025-3-11'), TypeError);
});
