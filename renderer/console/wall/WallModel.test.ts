import assert from 'node:assert/strict';
import { afterEach, beforeEach, onTestFinished, test, vi } from 'vitest';
import type { CourtSummary } from '../../../protocol/api.ts';
import type { FeedInfo } from '../../../protocol/media.ts';
import { Store } from '../../lib/store.ts';
import type { OverviewState } from '../courts/CourtOverviewModel.ts';
import type { Keep, WallFocus } from '../layout/Layout.ts';
import { fakeFeed } from './testing/fakeFeeds.ts';
import { WallModel } from './WallModel.ts';
import { wallKey } from './wallSaved.ts';

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date('2026-01-01T08:00:00Z'));
});
afterEach(() => vi.useRealTimers());

const memoryKeep = (): Keep & { data: Map<string, string> } => {
  const data = new Map<string, string>();
  return { data, get: (k) => data.get(k) ?? null, set: (k, v) => void data.set(k, v) };
};

const counts = { active: 0, byColour: { red: 0, yellow: 0, blue: 0, green: 0 }, overdue: 0 };
const court = (id: string, parentId: string | null): CourtSummary => ({
  id, name: id, shortName: id, level: parentId === null ? 'intermediate' : 'basic', parentId, caseCode: id, lng: 120, lat: 30, own: counts, total: counts,
});

function world(o: { keep?: Keep; userId?: string; feeds?: FeedInfo[] } = {}) {
  const feeds = new Store<readonly FeedInfo[]>(o.feeds ?? []);
  const scope = new Store<string | null>(null);
  const courts = new Store<OverviewState>({ kind: 'ready', courts: [court('hz', null), court('xihu', 'hz'), court('binjiang', 'hz')], at: '' });
  const layout = { page: 'console' as const, wallFocus: new Store<WallFocus | null>(null) };
  const keep = o.keep ?? memoryKeep();
  const wall = new WallModel({ feeds, scope, courts, layout, keep, userId: o.userId ?? 'u1' });
  onTestFinished(() => wall.close());
  return { wall, feeds, scope, layout, keep };
}

const shown = (wall: WallModel, n = wall.state.get().size) => wall.state.get().slots.slice(0, n).map((s) => s.feed?.terminalId ?? null);

test('WallModel auto-fills empty slots with arriving feeds, and a republished feed keeps its slot', () => {
  const { wall, feeds } = world();
  feeds.set([fakeFeed(1), fakeFeed(2)]);
  assert.deepEqual(shown(wall), ['terminal-1', 'terminal-2', null, null]);
  wall.clear(0);
  feeds.set([fakeFeed(2)]);
  feeds.set([fakeFeed(2), fakeFeed(3)]);
  assert.deepEqual(shown(wall), ['terminal-3', 'terminal-2', null, null], 'a cleared slot takes the next newcomer');
  // Terminal 2 republishes: a new feedId, the same terminal and team: back in slot 1, not auto-filled elsewhere.
  feeds.set([fakeFeed(3), fakeFeed(2, { feedId: 'feed-2b' })]);
  assert.deepEqual(shown(wall), ['terminal-3', 'terminal-2', null, null]);
});

test('WallModel.placeFeed() puts a feed in the first empty slot, points at one already shown, and says so when all are pinned', () => {
  const { wall, feeds } = world({ feeds: [fakeFeed(1), fakeFeed(2)] });
  wall.clear(0);
  wall.clear(1);
  wall.placeFeed('feed-2');
  assert.deepEqual(shown(wall), ['terminal-2', null, null, null]);
  wall.placeFeed('feed-2');
  assert.deepEqual(shown(wall), ['terminal-2', null, null, null], 'already on the wall: not moved');
  assert.deepEqual(wall.flash.get(), [0]);
  wall.setSize(1);
  wall.togglePin(0);
  feeds.set([fakeFeed(1), fakeFeed(2)]);
  wall.placeFeed('feed-1');
  assert.deepEqual(wall.notice.get(), { kind: 'allPinned' });
  assert.deepEqual(shown(wall), ['terminal-2']);
  vi.advanceTimersByTime(6_000);
  assert.equal(wall.notice.get(), null);
});

test('WallModel saves layout, slots, pins and patrol per user and page, and restores them', () => {
  const keep = memoryKeep();
  const first = world({ keep, feeds: [fakeFeed(1), fakeFeed(2)] });
  first.wall.setSize(9);
  first.wall.swap(0, 4);
  first.wall.togglePin(4);
  first.wall.setPatrolInterval(60);
  first.wall.close();
  assert.ok(keep.data.has(wallKey('u1', 'console')));
  const again = world({ keep, feeds: [] });
  assert.equal(again.wall.state.get().size, 9);
  assert.equal(again.wall.state.get().slots[4]?.pinned, true);
  assert.equal(again.wall.state.get().slots[4]?.feed?.terminalId, 'terminal-1');
  assert.equal(again.wall.state.get().patrol.intervalS, 60);
  const other = world({ keep, userId: 'u2' });
  assert.equal(other.wall.state.get().size, 4, "another user's wall is their own");
});

test('WallModel survives a corrupt saved wall', () => {
  const keep = memoryKeep();
  keep.set(wallKey('u1', 'console'), '{"v":1,"size":9,"slots":[{');
  const { wall } = world({ keep, feeds: [fakeFeed(1)] });
  assert.equal(wall.state.get().size, 4);
  assert.deepEqual(shown(wall), ['terminal-1', null, null, null]);
});

test('WallModel patrol turns the unpinned slots page by page every interval and never touches a pinned one', () => {
  const { wall } = world({ feeds: [1, 2, 3, 4].map((n) => fakeFeed(n)) });
  wall.setSize(4);
  wall.swap(0, 2); // terminal-3 first
  wall.togglePin(0);
  wall.setSize(1);
  assert.equal(wall.patrol.get(), null);
  wall.setSize(4);
  wall.unfocus();
  // Four slots, one pinned (terminal-3): three feeds to patrol on three slots is one page; on a 1+1 layout it would be more.
  wall.setPatrol(true);
  assert.deepEqual(wall.patrol.get(), { page: 0, pages: 1, nextAt: Date.now() + 30_000 });
  assert.deepEqual(shown(wall), ['terminal-3', 'terminal-1', 'terminal-2', 'terminal-4']);
  wall.togglePin(0);
  wall.setPatrolInterval(10);
  wall.setSize(1);
  assert.deepEqual(wall.patrol.get()?.pages, 4);
  const first = shown(wall)[0];
  vi.advanceTimersByTime(10_000);
  assert.equal(wall.patrol.get()?.page, 1);
  assert.notEqual(shown(wall)[0], first);
  wall.togglePin(0);
  assert.equal(wall.patrol.get()?.pages, 0, 'the only slot pinned: nothing to patrol');
  const pinned = shown(wall)[0];
  vi.advanceTimersByTime(30_000);
  assert.equal(shown(wall)[0], pinned);
});

test('WallModel patrol holds while a feed is focused, and stopping keeps the page on screen', () => {
  const { wall } = world({ feeds: [1, 2, 3].map((n) => fakeFeed(n)) });
  wall.setSize(1);
  wall.setPatrolInterval(10);
  wall.setPatrol(true);
  assert.deepEqual(shown(wall), ['terminal-1']);
  wall.toggleFocus(0);
  vi.advanceTimersByTime(25_000);
  assert.deepEqual(shown(wall), ['terminal-1'], 'held while focused');
  wall.toggleFocus(0);
  assert.equal(wall.focus.get(), null);
  vi.advanceTimersByTime(10_000);
  assert.deepEqual(shown(wall), ['terminal-2']);
  wall.setPatrol(false);
  vi.advanceTimersByTime(30_000);
  assert.deepEqual(shown(wall), ['terminal-2']);
  assert.equal(wall.patrol.get(), null);
});

test('WallModel resumes a saved patrol, filling its page as soon as the feeds arrive', () => {
  const keep = memoryKeep();
  const first = world({ keep, feeds: [1, 2, 3].map((n) => fakeFeed(n)) });
  first.wall.setSize(1);
  first.wall.setPatrolInterval(10);
  first.wall.setPatrol(true);
  first.wall.close();
  const again = world({ keep });
  assert.deepEqual(again.wall.patrol.get(), { page: 0, pages: 1, nextAt: Date.now() + 10_000 });
  again.feeds.set([1, 2, 3].map((n) => fakeFeed(n)));
  assert.deepEqual(shown(again.wall), ['terminal-1'], 'the empty page filled without waiting for the turn');
  assert.equal(again.wall.patrol.get()?.pages, 3);
  vi.advanceTimersByTime(10_000);
  assert.deepEqual(shown(again.wall), ['terminal-2']);
});

test('WallModel takes 查看视频: a team with one feed goes to the first unpinned slot, focused', () => {
  const { wall, layout } = world({ feeds: [1, 2, 3].map((n) => fakeFeed(n)) });
  wall.togglePin(0);
  layout.wallFocus.set({ teamId: 'team-3' });
  assert.equal(layout.wallFocus.get(), null, 'the request is taken');
  assert.deepEqual(shown(wall), ['terminal-1', 'terminal-3', 'terminal-2', null]);
  assert.equal(wall.focus.get(), 1);
});

test('WallModel takes 查看视频 for a team with no feed yet and puts it up when its camera starts within a minute', () => {
  const { wall, layout, feeds } = world({ feeds: [fakeFeed(1)] });
  layout.wallFocus.set({ teamId: 'team-7' });
  assert.deepEqual(wall.notice.get(), { kind: 'teamNoFeed', teamId: 'team-7' });
  vi.advanceTimersByTime(20_000);
  feeds.set([fakeFeed(1), fakeFeed(7)]);
  assert.equal(wall.focus.get(), 0);
  assert.deepEqual(shown(wall), ['terminal-7', 'terminal-1', null, null]);
  layout.wallFocus.set({ teamId: 'team-8' });
  vi.advanceTimersByTime(61_000);
  wall.unfocus();
  feeds.set([fakeFeed(1), fakeFeed(7), fakeFeed(8)]);
  assert.equal(wall.focus.get(), null, 'too late: no jump to the team');
});

test('WallModel.placeTeam() puts all of a dropped team\'s feeds from the drop slot on', () => {
  const { wall } = world({ feeds: [fakeFeed(1), fakeFeed(2), fakeFeed(3, { team: 'team-2' })] });
  wall.placeTeam('team-2', 3);
  // terminal-2 changes places with the empty slot 3; terminal-3 (its team mate) takes slot 0 and terminal-1 its place.
  assert.deepEqual(shown(wall), ['terminal-3', null, 'terminal-1', 'terminal-2']);
  assert.deepEqual(wall.flash.get().length, 2);
});

test('WallModel lists only the feeds in the drill-down scope', () => {
  const { wall, scope, feeds } = world();
  feeds.set([fakeFeed(1, { court: 'xihu' }), fakeFeed(2, { court: 'binjiang' })]);
  scope.set('binjiang');
  assert.deepEqual(wall.live.get().map((f) => f.terminalId), ['terminal-2']);
  scope.set(null);
  assert.equal(wall.live.get().length, 2);
});

test('WallModel.close() stops patrol and can run twice', () => {
  const keep = memoryKeep();
  const { wall } = world({ keep, feeds: [1, 2].map((n) => fakeFeed(n)) });
  wall.setSize(1);
  wall.setPatrolInterval(10);
  wall.setPatrol(true);
  wall.close();
  wall.close();
  const saved = keep.data.get(wallKey('u1', 'console'));
  vi.advanceTimersByTime(60_000);
  assert.equal(keep.data.get(wallKey('u1', 'console')), saved);
});
