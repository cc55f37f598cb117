import assert from 'node:assert/strict';
import { test } from 'vitest';
import { fakeFeed } from './testing/fakeFeeds.ts';
import { emptySlots, place, slotFeed, togglePin } from './wallLayout.ts';
import { decodeWall, defaultWall, encodeWall, wallKey } from './wallSaved.ts';

test('decodeWall() gives back what encodeWall() saved: layout, slots by terminal and team, pins, patrol', () => {
  const slots = togglePin(place(place(emptySlots(), 0, slotFeed(fakeFeed(1))), 7, slotFeed(fakeFeed(2, { team: null }))), 7);
  const saved = { size: 9, slots, patrol: { on: true, intervalS: 10 } } as const;
  const back = decodeWall(encodeWall(saved));
  assert.deepEqual(back, saved);
});

test('decodeWall() gives the default wall for nothing, corrupt JSON, another version or a non-object', () => {
  for (const raw of [null, '{"v":1,', 'null', '[]', '"x"', JSON.stringify({ v: 2, size: 9 })]) assert.deepEqual(decodeWall(raw), defaultWall(), String(raw));
});

test('decodeWall() keeps what it can read: an unknown layout or interval falls back, a bad slot is empty, a feed saved twice keeps its first slot', () => {
  const good = { ...slotFeed(fakeFeed(1)), pinned: true };
  const raw = JSON.stringify({
    v: 1,
    size: 7,
    slots: [
      good,
      { ...good, pinned: false },
      { terminalId: 42, officer: 'x', courtName: 'y', label: 'z', teamId: null, teamName: null },
      { ...slotFeed(fakeFeed(3)), teamId: null },
      { ...slotFeed(fakeFeed(4)), officer: 'x'.repeat(500) },
      'junk',
      { ...slotFeed(fakeFeed(5)), pinned: 'yes' },
    ],
    patrol: { on: 'yes', intervalS: 5 },
  });
  const w = decodeWall(raw);
  assert.equal(w.size, 4);
  assert.deepEqual(w.patrol, { on: false, intervalS: 30 });
  assert.equal(w.slots.length, 36);
  assert.deepEqual(w.slots[0], { feed: slotFeed(fakeFeed(1)), pinned: true });
  for (const i of [1, 2, 3, 4, 5]) assert.equal(w.slots[i]?.feed, null, `slot ${i}`);
  assert.deepEqual(w.slots[6], { feed: slotFeed(fakeFeed(5)), pinned: false });
});

test('decodeWall() reads at most 36 slots', () => {
  const many = Array.from({ length: 50 }, (_, i) => slotFeed(fakeFeed(i)));
  assert.equal(decodeWall(JSON.stringify({ v: 1, size: 36, slots: many })).slots.length, 36);
});

test('wallKey() differs by user and by page', () => {
  assert.notEqual(wallKey('u1', 'console'), wallKey('u2', 'console'));
  assert.notEqual(wallKey('u1', 'console'), wallKey('u1', 'wall'));
});
