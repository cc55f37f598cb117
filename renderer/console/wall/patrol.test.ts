import assert from 'node:assert/strict';
import { test } from 'vitest';
import { nextPage, pageCount, patrolPool, patrolSlots, showPage } from './patrol.ts';
import { fakeFeed } from './testing/fakeFeeds.ts';
import { emptySlots, place, slotFeed, togglePin, type Slot } from './wallLayout.ts';

const feeds = Object.freeze([5, 3, 1, 4, 2].map((n) => fakeFeed(n)));
const terminals = (slots: readonly Slot[], n: number) => slots.slice(0, n).map((s) => s.feed?.terminalId ?? null);

test('patrolPool() walks every video feed in a stable order, leaving out audio and what a visible pinned slot shows', () => {
  const slots = togglePin(place(emptySlots(), 0, slotFeed(fakeFeed(2))), 0);
  const pool = patrolPool([...feeds, fakeFeed(6, { kind: 'audio' })], slots, 4);
  assert.deepEqual(pool.map((f) => f.terminalId), ['terminal-1', 'terminal-3', 'terminal-4', 'terminal-5']);
  // Pinned in a slot the 1-tile layout hides: patrol may show it.
  const hidden = togglePin(place(emptySlots(), 3, slotFeed(fakeFeed(2))), 3);
  assert.equal(patrolPool(feeds, hidden, 1).length, 5);
});

test('pageCount() is pages of the unpinned slots, 1 for an empty pool, 0 with no slot to patrol', () => {
  assert.equal(pageCount(5, 2), 3);
  assert.equal(pageCount(4, 2), 2);
  assert.equal(pageCount(0, 4), 1);
  assert.equal(pageCount(5, 0), 0);
  assert.equal(nextPage(2, 3), 0);
  assert.equal(nextPage(0, 0), 0);
});

test('showPage() fills the unpinned slots page by page and leaves pinned slots alone', () => {
  let slots = place(emptySlots(), 1, slotFeed(fakeFeed(9)));
  slots = togglePin(slots, 1);
  assert.deepEqual(patrolSlots(slots, 4), [0, 2, 3]);
  const pool = patrolPool(feeds, slots, 4);
  const p0 = showPage(slots, 4, pool, 0);
  assert.deepEqual(terminals(p0.slots, 4), ['terminal-1', 'terminal-9', 'terminal-2', 'terminal-3']);
  assert.deepEqual(p0.at, { page: 0, pages: 2 });
  const p1 = showPage(p0.slots, 4, pool, nextPage(0, 2));
  assert.deepEqual(terminals(p1.slots, 4), ['terminal-4', 'terminal-9', 'terminal-5', null], 'the last page empties the slots past the pool');
  assert.equal(p1.slots[1]?.pinned, true);
});

test('showPage() clamps a page past a pool that shrank, and patrols nothing when every slot is pinned', () => {
  const pool = patrolPool(feeds.slice(0, 2), emptySlots(), 1);
  assert.deepEqual(showPage(emptySlots(), 1, pool, 7).at, { page: 1, pages: 2 });
  const pinned = togglePin(place(emptySlots(), 0, slotFeed(fakeFeed(9))), 0);
  const none = showPage(pinned, 1, patrolPool(feeds, pinned, 1), 0);
  assert.deepEqual(none.at, { page: 0, pages: 0 });
  assert.equal(none.slots[0]?.feed?.terminalId, 'terminal-9');
});

test('showPage() moves a feed out of a hidden slot rather than show it twice', () => {
  const slots = place(emptySlots(), 10, slotFeed(fakeFeed(1)));
  const shown = showPage(slots, 4, patrolPool(feeds, slots, 4), 0);
  assert.equal(shown.slots[0]?.feed?.terminalId, 'terminal-1');
  assert.equal(shown.slots[10]?.feed, null);
});
