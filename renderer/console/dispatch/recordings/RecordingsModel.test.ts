import assert from 'node:assert/strict';
import { test } from 'vitest';
import { formatBytes, formatSpan, mediaUrl, shortHash } from './RecordingsModel.ts';

test('formatBytes() writes bytes, KB, MB and GB with one decimal', () => {
  assert.equal(formatBytes(0), '0 B');
  assert.equal(formatBytes(1023), '1023 B');
  assert.equal(formatBytes(1536), '1.5 KB');
  assert.equal(formatBytes(73_400_320), '70.0 MB');
  assert.equal(formatBytes(3 * 1024 ** 3), '3.0 GB');
});

test('shortHash() keeps the first and last 8 hex digits of a SHA-256', () => {
  const h = 'a'.repeat(8) + '0'.repeat(48) + 'b'.repeat(8);
  assert.equal(shortHash(h), 'aaaaaaaa…bbbbbbbb');
});

test('mediaUrl() names the Range route, with download=1 for an attachment, the id escaped', () => {
  assert.equal(mediaUrl('r-1'), '/api/recordings/r-1/media');
  assert.equal(mediaUrl('r-1', true), '/api/recordings/r-1/media?download=1');
  assert.equal(mediaUrl('a/b'), '/api/recordings/a%2Fb/media');
});

test('formatSpan() writes the day and both times in Beijing time, to the second, with the length; open while recording', () => {
  assert.equal(formatSpan('2026-06-01T02:00:05.000Z', '2026-06-01T02:05:10.000Z'), '6/1 10:00:05–10:05:10 · 5:05');
  assert.equal(formatSpan('2026-06-01T02:00:05.000Z', null), '6/1 10:00:05–…');
});
