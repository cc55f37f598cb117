import assert from 'node:assert/strict';
import { test } from 'vitest';
import { lastHours } from './days.ts';

test('lastHours() is the span from hours ago to now, as ISO times', () => {
  assert.deepEqual(lastHours(8, Date.parse('2026-06-01T10:00:00Z')), ['2026-06-01T02:00:00.000Z', '2026-06-01T10:00:00.000Z']);
});
