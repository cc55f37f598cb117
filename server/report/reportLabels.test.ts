import assert from 'node:assert/strict';
import { test } from 'vitest';
import { beijingTime, byteSize } from './reportLabels.ts';

test('beijingTime() writes UTC+8 with the date and seconds, across midnight, whatever the server\'s zone', () => {
  assert.equal(beijingTime('2026-06-01T06:03:05.123Z'), '2026-06-01 14:03:05');
  assert.equal(beijingTime('2026-06-01T17:00:00.000Z'), '2026-06-02 01:00:00');
  assert.equal(beijingTime(null), '—');
});

test('byteSize() reads as MB, KB or bytes', () => {
  assert.deepEqual([byteSize(1_500_000), byteSize(2_048), byteSize(96), byteSize(null)], ['1.4 MB', '2 KB', '96 B', '—']);
});
