import assert from 'node:assert/strict';
import { test } from 'vitest';
import { daysUntil } from './days.ts';

test('daysUntil() counts Beijing calendar days, negative once the day has passed', () => {
  // 2026-06-01 20:00 UTC is already 2 June in Beijing.
  const now = Date.parse('2026-06-01T20:00:00Z');
  assert.equal(daysUntil('2026-06-02', now), 0);
  assert.equal(daysUntil('2026-06-12', now), 10);
  assert.equal(daysUntil('2026-05-30', now), -3);
});
