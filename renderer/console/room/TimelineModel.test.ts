import assert from 'node:assert/strict';
import { test } from 'vitest';
import type { TimelineEntry } from '../../../protocol/timeline.ts';
import { filterEntries, mergeEntry, teamsOnAction } from './TimelineModel.ts';

const entry = (id: string, at: string, kind: TimelineEntry['kind'], team: string | null = null): TimelineEntry =>
  Object.freeze({ id, at, kind, actor: null, team: team ? { id: team, name: team } : null, text: id, refs: {} });

const LIST = Object.freeze([
  entry('a', '2026-06-01T06:00:00.000Z', 'started'),
  entry('b', '2026-06-01T06:01:00.000Z', 'arrived', 't1'),
  entry('c', '2026-06-01T06:02:00.000Z', 'instruction_issued'),
]);

test('mergeEntry() puts a live entry in its place by time, after those at the same instant, and replaces one with the same id', () => {
  const late = entry('d', '2026-06-01T06:01:30.000Z', 'feed_on', 't1');
  assert.deepEqual(mergeEntry(LIST, late).map((e) => e.id), ['a', 'b', 'd', 'c']);
  const same = entry('e', '2026-06-01T06:01:00.000Z', 'departed', 't1');
  assert.deepEqual(mergeEntry(LIST, same).map((e) => e.id), ['a', 'b', 'e', 'c']);
  const again = { ...LIST[1]!, text: 'changed' };
  const merged = mergeEntry(LIST, again);
  assert.deepEqual([merged.length, merged[1]?.text], [3, 'changed']);
  assert.equal(LIST.length, 3, 'the list itself is not touched');
});

test('filterEntries() keeps the list for all, and one sort of entry otherwise', () => {
  assert.equal(filterEntries(LIST, 'all'), LIST);
  assert.deepEqual(filterEntries(LIST, 'site').map((e) => e.id), ['b']);
  assert.deepEqual(filterEntries(LIST, 'instructions').map((e) => e.id), ['c']);
  assert.deepEqual(filterEntries(LIST, 'warnings'), []);
});

test('teamsOnAction() follows assignments and releases in order', () => {
  const list = [entry('1', 'x', 'team_assigned', 't1'), entry('2', 'y', 'team_assigned', 't2'), entry('3', 'z', 'team_released', 't1')];
  assert.deepEqual([...teamsOnAction(list)], ['t2']);
});
