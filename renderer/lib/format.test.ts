import assert from 'node:assert/strict';
import { test } from 'vitest';
import { formatAge, formatDelta, formatDuration, formatHms, formatPeople } from './format.ts';

const NOW = Date.parse('2026-06-01T02:00:00.000Z');

test('formatAge() counts seconds, then minutes, hours and days ago', () => {
  assert.equal(formatAge(NOW - 12_000, NOW), '12 秒前');
  assert.equal(formatAge(NOW - 3 * 60_000, NOW), '3 分钟前');
  assert.equal(formatAge(NOW - 5 * 3_600_000, NOW), '5 小时前');
  assert.equal(formatAge(NOW - 49 * 3_600_000, NOW), '2 天前');
  assert.equal(formatAge(NOW + 5_000, NOW), '0 秒前');
});

test('formatDelta() writes the time after the issue; empty when a time is missing', () => {
  const at = (ms: number) => new Date(NOW + ms).toISOString();
  assert.equal(formatDelta(at(0), at(12_000)), '+12 秒');
  assert.equal(formatDelta(at(0), at(185_000)), '+3 分 5 秒');
  assert.equal(formatDelta(at(0), at(2 * 3_600_000 + 60_000)), '+2 时 1 分');
  assert.equal(formatDelta(at(0), null), '');
});

test('formatPeople() lists names with their roles', () => {
  assert.equal(formatPeople([{ name: 'hz.leader', role: 'leader' }, { name: '王', role: 'supervisor' }]), 'hz.leader（院领导）、王（上级督办）');
});

test('formatHms() shows Beijing time as HH:MM:SS and formatDuration() a running length', () => {
  assert.equal(formatHms(Date.parse('2026-12-01T02:03:04Z')), '10:03:04');
  assert.equal(formatDuration(0), '0:00');
  assert.equal(formatDuration(61_500), '1:01');
  assert.equal(formatDuration(3_725_000), '1:02:05');
  assert.equal(formatDuration(-5), '0:00');
});
