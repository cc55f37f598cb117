import assert from 'node:assert/strict';
import { test } from 'vitest';
import type { CourtSummary } from '../../../protocol/api.ts';
import { overviewRows } from './CourtOverviewModel.ts';

const counts = (active: number) => ({ active, byColour: { red: 0, yellow: 0, blue: 0, green: active }, overdue: 0 });
const court = (id: string, parentId: string | null, active: number): CourtSummary => ({
  id,
  name: id,
  shortName: id,
  level: parentId === null ? 'high' : 'basic',
  parentId,
  caseCode: id,
  lng: 120,
  lat: 30,
  own: counts(active),
  total: counts(active),
});

test('overviewRows() picks the high court as root and lists its direct subordinates, busiest first', () => {
  const rows = overviewRows([court('h', null, 10), court('a', 'h', 3), court('b', 'h', 7), court('a1', 'a', 3)]);
  assert.equal(rows.root?.id, 'h');
  assert.deepEqual(rows.children.map((c) => c.id), ['b', 'a']);
});

test('overviewRows() takes as root the court whose parent the caller cannot see (an intermediate court user)', () => {
  const rows = overviewRows([court('i', 'h', 5), court('x', 'i', 2), court('y', 'i', 3)]);
  assert.equal(rows.root?.id, 'i');
  assert.deepEqual(rows.children.map((c) => c.id), ['y', 'x']);
});

test('overviewRows() of an empty list has no root', () => {
  assert.equal(overviewRows([]).root, undefined);
});
