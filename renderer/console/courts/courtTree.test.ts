import assert from 'node:assert/strict';
import { test } from 'vitest';
import type { CourtSummary } from '../../../protocol/api.ts';
import { courtPath, inScope, rootCourt, subtreeIds } from './courtTree.ts';

const counts = { active: 0, byColour: { red: 0, yellow: 0, blue: 0, green: 0 }, overdue: 0 };
const court = (id: string, parentId: string | null): CourtSummary => ({
  id, name: id, shortName: id, level: parentId === null ? 'high' : 'basic', parentId, caseCode: id, lng: 120, lat: 30, own: counts, total: counts,
});
const TREE = [court('h', null), court('hz', 'h'), court('nb', 'h'), court('xihu', 'hz'), court('binjiang', 'hz'), court('haishu', 'nb')];

test('subtreeIds() holds a court and every court below it', () => {
  assert.deepEqual([...subtreeIds(TREE, 'hz')].sort(), ['binjiang', 'hz', 'xihu']);
  assert.equal(subtreeIds(TREE, 'h').size, 6);
  assert.deepEqual([...subtreeIds(TREE, 'haishu')], ['haishu']);
});

test('courtPath() leads from the caller\'s court down to the court (the breadcrumbs)', () => {
  assert.deepEqual(courtPath(TREE, 'xihu').map((c) => c.id), ['h', 'hz', 'xihu']);
  assert.deepEqual(courtPath(TREE.slice(1), 'xihu').map((c) => c.id), ['hz', 'xihu'], 'an intermediate user\'s path starts at its court');
  assert.deepEqual(courtPath(TREE, 'nowhere'), []);
});

test('rootCourt() is the caller\'s own court; inScope() lets everything through without a subtree', () => {
  assert.equal(rootCourt(TREE)?.id, 'h');
  assert.equal(rootCourt([court('xihu', 'hz')])?.id, 'xihu');
  assert.equal(inScope(null, 'x'), true);
  assert.equal(inScope(new Set(['a']), 'x'), false);
});
