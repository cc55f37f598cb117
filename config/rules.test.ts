import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'vitest';
import { loadRules, type Rules } from './rules.ts';
import { configErrorOf } from './testing.ts';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'cc-rules-'));
let files = 0;
function rulesFile(content: string): string {
  const file = path.join(tmp, `rules${files++}.json`);
  writeFileSync(file, content);
  return file;
}
/** The defaults with `edit` applied, written to a file for RULES_FILE. */
function editedRules(edit: (r: Rules) => void): string {
  const r = loadRules({});
  edit(r);
  return rulesFile(JSON.stringify(r));
}
const errorOf = configErrorOf;
const keyOf = (edit: (r: Rules) => void) => errorOf(() => loadRules({ RULES_FILE: editedRules(edit) })).key;

test('loadRules() returns the seed defaults', () => {
  const r = loadRules({});
  assert.equal(r.risk.factorColours.violence_risk, 'red');
  assert.equal(r.risk.labels.past_resistance, '拒执');
  assert.equal(r.supervision.yellowAfterMonths, 1);
  assert.equal(r.supervision.redAfterMonths, 3);
  assert.deepEqual(r.supervision.pushTo.red, ['县级分管领导']);
  assert.equal(r.deadlines.limits.assetSearch.count, 10);
  assert.deepEqual(Object.keys(r.calendar.years), ['2024', '2025', '2026', '2027']);
});

test('loadRules() reads RULES_FILE instead of the defaults', () => {
  const r = loadRules({ RULES_FILE: editedRules((x) => (x.supervision.redAfterMonths = 6)) });
  assert.equal(r.supervision.redAfterMonths, 6);
});

test('loadRules() throws ConfigError naming risk.factorColours.key_person when its colour is unknown', () => {
  const err = errorOf(() =>
    loadRules({ RULES_FILE: editedRules((x) => ((x.risk.factorColours as Record<string, unknown>)['key_person'] = 'orange')) }),
  );
  assert.equal(err.key, 'risk.factorColours.key_person');
  assert.match(err.message, /"red", "yellow", "blue", "green"/);
});

test('loadRules() throws ConfigError naming a missing factor label', () => {
  assert.equal(keyOf((x) => delete (x.risk.labels as Partial<Rules['risk']['labels']>).petition), 'risk.labels.petition');
});

test('loadRules() throws ConfigError for an unknown key', () => {
  assert.equal(keyOf((x) => Object.assign(x.risk, { extra: 1 })), 'risk');
});

test('loadRules() throws ConfigError when the asset search limit leaves 10-20 working days', () => {
  assert.equal(keyOf((x) => (x.deadlines.limits.assetSearch.count = 21)), 'deadlines.limits.assetSearch.count');
  assert.equal(keyOf((x) => (x.deadlines.limits.assetSearch.count = 9)), 'deadlines.limits.assetSearch.count');
  const r = loadRules({ RULES_FILE: editedRules((x) => (x.deadlines.limits.assetSearch.count = 20)) });
  assert.equal(r.deadlines.limits.assetSearch.count, 20);
});

test('loadRules() throws ConfigError when a stage names an unknown limit', () => {
  assert.equal(
    keyOf((x) => ((x.deadlines.stages.triage.limits as string[]) = ['soon'])),
    'deadlines.stages.triage.limits.0',
  );
});

test('loadRules() throws ConfigError when red does not come after yellow', () => {
  assert.equal(keyOf((x) => (x.supervision.redAfterMonths = 1)), 'supervision.redAfterMonths');
});

test('loadRules() throws ConfigError when an escalation does not raise the colour', () => {
  assert.equal(keyOf((x) => (x.risk.escalation[1] = { of: 'blue', atLeast: 2, raiseTo: 'blue' })), 'risk.escalation.1.raiseTo');
  assert.equal(keyOf((x) => (x.risk.escalation[0] = { of: 'yellow', atLeast: 1, raiseTo: 'red' })), 'risk.escalation.0.atLeast');
});

test('loadRules() throws ConfigError for a day that does not exist', () => {
  assert.equal(keyOf((x) => (x.calendar.years['2025']!.holidays[0] = '2025-02-30')), 'calendar.years.2025.holidays.0');
  assert.equal(keyOf((x) => (x.calendar.years['2025']!.holidays[0] = '2025-1-1')), 'calendar.years.2025.holidays.0');
});

test('loadRules() throws ConfigError for a holiday on a weekend or a make-up day on a weekday', () => {
  assert.equal(keyOf((x) => x.calendar.years['2025']!.holidays.push('2025-10-04')), 'calendar.years.2025.holidays.18');
  assert.equal(keyOf((x) => (x.calendar.years['2024']!.makeupWorkdays[1] = '2024-02-19')), 'calendar.years.2024.makeupWorkdays.1');
});

test('loadRules() throws ConfigError for a day listed under another year', () => {
  assert.equal(keyOf((x) => (x.calendar.years['2026']!.holidays[0] = '2025-12-31')), 'calendar.years.2026.holidays.0');
});

test('loadRules() throws ConfigError naming RULES_FILE when it is missing or not JSON', () => {
  assert.match(errorOf(() => loadRules({ RULES_FILE: path.join(tmp, 'absent.json') })).key, /^RULES_FILE/);
  assert.match(errorOf(() => loadRules({ RULES_FILE: rulesFile('{ nope') })).key, /^RULES_FILE/);
  assert.equal(errorOf(() => loadRules({ RULES_FILE: rulesFile('[]') })).key, '(root)');
});
