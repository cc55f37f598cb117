import assert from 'node:assert/strict';
import { test } from 'vitest';
import { courtLabelSize, declutter } from './declutter.ts';

test('declutter() keeps the busier of two overlapping labels and every label that overlaps none', () => {
  const kept = declutter([
    { x: 100, y: 100, width: 80, height: 30, priority: 10 },
    { x: 120, y: 110, width: 80, height: 30, priority: 50 },
    { x: 400, y: 100, width: 80, height: 30, priority: 1 },
  ]);
  assert.deepEqual(kept, [1, 2]);
});

test('declutter() keeps labels side by side when their boxes only touch beyond the gap', () => {
  assert.deepEqual(declutter([{ x: 0, y: 0, width: 50, height: 20, priority: 1 }, { x: 60, y: 0, width: 50, height: 20, priority: 2 }], 4).sort(), [0, 1]);
});

test('courtLabelSize() counts CJK glyphs a font size wide and digits about half', () => {
  const { width, height } = courtLabelSize('杭州中院\n在办 993');
  assert.equal(height, 2 * 12 * 1.25 + 6);
  assert.ok(width >= 4 * 12 && width < 80);
});
