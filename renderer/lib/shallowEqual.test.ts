import assert from 'node:assert/strict';
import { test } from 'vitest';
import { shallowEqual } from './shallowEqual.ts';

const a = { id: 'a' };
const b = { id: 'b' };

test('shallowEqual() holds for containers of the same items', () => {
  assert.ok(shallowEqual([a, b], [a, b]));
  assert.ok(shallowEqual({ x: a, y: 1 }, { y: 1, x: a }));
  assert.ok(shallowEqual(new Map([['c1', '西湖']]), new Map([['c1', '西湖']])));
  assert.ok(shallowEqual(new Set([a, b]), new Set([b, a])));
  assert.ok(shallowEqual(Number.NaN, Number.NaN));
});

test('shallowEqual() fails for equal-looking items that are other objects, or another order, length or kind', () => {
  assert.ok(!shallowEqual([a], [{ id: 'a' }]));
  assert.ok(!shallowEqual([a, b], [b, a]));
  assert.ok(!shallowEqual([a], [a, b]));
  assert.ok(!shallowEqual({ x: a }, { x: a, y: undefined }));
  assert.ok(!shallowEqual(new Map([['c1', '西湖']]), new Map([['c1', '上城']])));
  assert.ok(!shallowEqual<unknown>([], {}));
  assert.ok(!shallowEqual<unknown>(new Set(), new Map()));
  assert.ok(!shallowEqual<unknown>(null, {}));
});
