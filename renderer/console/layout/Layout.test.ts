import assert from 'node:assert/strict';
import { test } from 'vitest';
import { clampScale, defaultScale, Layout, type Keep } from './Layout.ts';

const memoryKeep = (): Keep & { data: Map<string, string> } => {
  const data = new Map<string, string>();
  return { data, get: (k) => data.get(k) ?? null, set: (k, v) => void data.set(k, v) };
};

test('defaultScale() is 1 at 1920×1080, 2 at 3840×2160, and smaller on a 1366×768 desk screen', () => {
  assert.equal(defaultScale(1920, 1080), 1);
  assert.equal(defaultScale(3840, 2160), 2);
  assert.ok(defaultScale(1366, 768) < 0.8);
  assert.equal(clampScale(10), 2.6);
  assert.equal(clampScale(Number.NaN), 1);
});

test('Layout keeps the UI scale per page and the centre view on the machine', () => {
  const keep = memoryKeep();
  const a = new Layout('console', { width: 3840, height: 2160 }, keep);
  assert.equal(a.scale.get(), 2);
  a.setScale(1.5);
  a.setCentre('map');
  const wall = new Layout('wall', { width: 3840, height: 2160 }, keep);
  assert.equal(wall.scale.get(), 2, 'another page keeps its own scale');
  const again = new Layout('console', { width: 1366, height: 768 }, keep);
  assert.equal(again.scale.get(), 1.5);
  assert.equal(again.centre.get(), 'map');
});

test('showVideo() brings the wall beside the map and names the team whose feeds to bring forward', () => {
  const l = new Layout('console', { width: 1920, height: 1080 }, memoryKeep());
  l.setCentre('map');
  l.showVideo('team-1');
  assert.equal(l.centre.get(), 'both');
  const first = l.wallFocus.get();
  assert.deepEqual(first, { teamId: 'team-1' });
  l.showVideo('team-1');
  assert.notEqual(l.wallFocus.get(), first, 'asking again is a new request');
});
