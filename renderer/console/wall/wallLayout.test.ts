import assert from 'node:assert/strict';
import { test } from 'vitest';
import { fakeFeed } from './testing/fakeFeeds.ts';
import {
  autoFill, clear, clickTarget, emptySlots, feedKey, place, placeMany, resolveSlots, slotFeed, slotOf, swap, togglePin, type Slot,
} from './wallLayout.ts';

const A = slotFeed(fakeFeed(1));
const B = slotFeed(fakeFeed(2));
const C = slotFeed(fakeFeed(3));
const keys = (slots: readonly Slot[], n = 4) => slots.slice(0, n).map((s) => (s.feed ? s.feed.terminalId : null));

test('place() puts a new feed over what a slot held, keeping the slot\'s pin', () => {
  const s = place(togglePin(place(emptySlots(), 1, B), 1), 1, A);
  assert.deepEqual(keys(s), [null, 'terminal-1', null, null]);
  assert.equal(s[1]?.pinned, true);
  assert.throws(() => place(s, 36, B), RangeError);
});

test('place() moves a feed already on the wall, changing places with what it lands on', () => {
  let s = togglePin(place(place(emptySlots(), 0, B), 2, A), 2);
  s = place(s, 0, A);
  assert.deepEqual(keys(s), ['terminal-1', null, 'terminal-2', null]);
  assert.deepEqual([s[0]?.pinned, s[2]?.pinned], [true, false], 'pins go with their feeds');
  assert.deepEqual(keys(place(s, 1, A)), [null, 'terminal-1', 'terminal-2', null]);
});

test('resolveSlots() finds a republished feed (new feedId) by terminal and team, and not a feed of the same terminal in another team', () => {
  const slots = place(emptySlots(), 1, A);
  const republished = fakeFeed(1, { feedId: 'feed-1-again', startedAt: '2026-01-01T09:00:00.000Z' });
  const old = fakeFeed(1);
  assert.equal(resolveSlots(slots, [old, republished])[1]?.feedId, 'feed-1-again');
  const movedTeam = fakeFeed(1, { team: 'team-9', feedId: 'feed-x' });
  assert.equal(resolveSlots(slots, [movedTeam])[1], null);
  assert.equal(resolveSlots(slots, [fakeFeed(1, { kind: 'audio' })])[1], null, 'audio never resolves onto a tile');
});

test('clickTarget() takes the first empty visible slot, then the first unpinned one, and -1 when all are pinned', () => {
  let s = place(place(emptySlots(), 0, A), 1, B);
  assert.equal(clickTarget(s, 4), 2);
  s = place(place(s, 2, C), 3, slotFeed(fakeFeed(4)));
  assert.equal(clickTarget(s, 4), 0);
  s = togglePin(s, 0);
  assert.equal(clickTarget(s, 4), 1);
  for (const i of [1, 2, 3]) s = togglePin(s, i);
  assert.equal(clickTarget(s, 4), -1);
  assert.equal(clickTarget(s, 9), 4, 'a larger layout shows empty slots again');
});

test('swap() exchanges two slots with their pins, and togglePin() ignores an empty slot', () => {
  let s = togglePin(place(place(emptySlots(), 0, A), 3, B), 0);
  s = swap(s, 0, 3);
  assert.deepEqual(keys(s), ['terminal-2', null, null, 'terminal-1']);
  assert.equal(s[3]?.pinned, true);
  assert.equal(s[0]?.pinned, false);
  assert.equal(togglePin(s, 1)[1]?.pinned, false);
});

test('clear() empties a slot and drops its pin', () => {
  const s = clear(togglePin(place(emptySlots(), 0, A), 0), 0);
  assert.deepEqual(s[0], { feed: null, pinned: false });
});

test('placeMany() puts a team from the drop slot on, skipping pinned slots and wrapping round', () => {
  let s = place(emptySlots(), 3, C);
  s = togglePin(s, 3);
  const { slots, placed } = placeMany(s, 4, 2, [A, B, slotFeed(fakeFeed(4))]);
  assert.deepEqual(placed, [2, 0, 1]);
  assert.deepEqual(keys(slots), ['terminal-2', 'terminal-4', 'terminal-1', 'terminal-3']);
});

test('placeMany() moves a feed pushed aside to the first empty slot, and off the wall when there is none', () => {
  const s = place(place(emptySlots(), 0, A), 1, B);
  assert.deepEqual(keys(placeMany(s, 4, 0, [C]).slots), ['terminal-3', 'terminal-2', 'terminal-1', null]);
  assert.deepEqual(keys(placeMany(s, 1, 0, [C]).slots, 1), ['terminal-3']);
  assert.equal(slotOf(placeMany(s, 1, 0, [C]).slots, feedKey(A)), -1);
});

test('placeMany() stops when every other visible slot is pinned', () => {
  const s = togglePin(place(emptySlots(), 1, C), 1);
  const { placed } = placeMany(s, 4, 0, [A, B, slotFeed(fakeFeed(4)), slotFeed(fakeFeed(5)), slotFeed(fakeFeed(6))]);
  assert.deepEqual(placed, [0, 2, 3]);
});

test('autoFill() puts new feeds in empty visible slots only, never over a pinned, live or offline feed', () => {
  let s = place(emptySlots(), 0, A);
  s = togglePin(place(s, 2, B), 2);
  s = autoFill(s, 4, [A, C, slotFeed(fakeFeed(4)), slotFeed(fakeFeed(5))]);
  assert.deepEqual(keys(s), ['terminal-1', 'terminal-3', 'terminal-2', 'terminal-4']);
  assert.equal(slotOf(s, feedKey(slotFeed(fakeFeed(5)))), -1, 'no room left: the fifth stays off');
});
