import assert from 'node:assert/strict';
import { describe, test } from 'vitest';
import type { PositionFrame } from '../../../protocol/position.ts';
import { toMap } from './datum.ts';
import { LOST_RGBA, STATUS_RGBA } from './palette.ts';
import { SMOOTH_MS, TeamSlots } from './TeamSlots.ts';

const frame = (teams: readonly [string, number, number, number, PositionFrame['status'][number]][], full = false): PositionFrame => ({
  at: '2026-06-01T02:00:00.000Z',
  full,
  teamIds: teams.map((t) => t[0]),
  lngLat: teams.flatMap((t) => [t[1], t[2]]),
  fixedAt: teams.map((t) => t[3]),
  status: teams.map((t) => t[4]),
});

const near = (a: readonly number[], b: readonly number[], eps = 1e-4) => assert.ok(Math.abs(a[0]! - b[0]!) < eps && Math.abs(a[1]! - b[1]!) < eps, `${a} ≉ ${b}`);

describe('TeamSlots', () => {
  test('applyFrame() gives each team one fixed slot, kept across frames in any order', () => {
    const s = new TeamSlots('WGS-84');
    s.applyFrame(frame([['t1', 120, 30, 1, 'idle'], ['t2', 121, 29, 1, 'en_route']], true), 0);
    s.applyFrame(frame([['t3', 122, 28, 2, 'idle'], ['t1', 120.1, 30, 2, 'idle']]), 10);
    assert.deepEqual([s.slotOf('t1'), s.slotOf('t2'), s.slotOf('t3')], [0, 1, 2]);
    assert.equal(s.length, 3);
    assert.equal(s.attributes().length, 3);
    assert.equal(s.idAt(2), 't3');
  });

  test('attributes() are the same typed arrays every time, in a new descriptor (deck.gl compares data by identity)', () => {
    const s = new TeamSlots('WGS-84');
    s.applyFrame(frame([['t1', 120, 30, 1, 'idle']], true), 0);
    const a = s.attributes();
    const b = s.attributes();
    assert.notEqual(a, b);
    assert.equal(a.attributes.getPosition.value, b.attributes.getPosition.value);
    assert.equal(a.attributes.getPosition.size, 2);
    assert.deepEqual([...a.attributes.getPosition.value.subarray(0, 2)], [120, 30]);
  });

  test('a new fix glides from the drawn position over SMOOTH_MS, then rests on the fix', () => {
    const s = new TeamSlots('WGS-84');
    s.applyFrame(frame([['t1', 120, 30, 1, 'en_route']]), 0);
    s.applyFrame(frame([['t1', 120.01, 30, 2, 'en_route']]), 1_000);
    near(s.positionAt(0), [120, 30]);
    assert.equal(s.step(1_000 + SMOOTH_MS / 2), true);
    const mid = s.positionAt(0)[0];
    assert.ok(mid > 120 && mid < 120.01, `half-way: ${mid}`);
    assert.equal(s.step(1_000 + SMOOTH_MS), false);
    near(s.positionAt(0), [120.01, 30]);
  });

  test('a full frame jumps every team to its fix, and an older fix never moves a team back', () => {
    const s = new TeamSlots('WGS-84');
    s.applyFrame(frame([['t1', 120, 30, 5, 'idle']]), 0);
    s.applyFrame(frame([['t1', 121, 30, 6, 'idle']], true), 0);
    near(s.positionAt(0), [121, 30]);
    s.applyFrame(frame([['t1', 125, 30, 4, 'idle']]), 0);
    s.step(SMOOTH_MS);
    near(s.positionAt(0), [121, 30]);
  });

  test('teams are coloured by status, lost teams grey; GCJ-02 maps get shifted positions', () => {
    const s = new TeamSlots('GCJ-02');
    s.applyFrame(frame([['t1', 120, 30, 1, 'on_scene'], ['t2', 121, 30, 1, 'en_route']], true), 0);
    const colours = s.attributes().attributes.getFillColor.value;
    assert.deepEqual([...colours.subarray(0, 4)], [...STATUS_RGBA.on_scene]);
    assert.deepEqual([...colours.subarray(4, 8)], [...STATUS_RGBA.en_route]);
    const v = s.version;
    s.setState('t2', 'en_route', true);
    assert.ok(s.version > v);
    assert.deepEqual([...s.attributes().attributes.getFillColor.value.subarray(4, 8)], [...LOST_RGBA]);
    assert.equal(s.statusAt(0), 'on_scene');
    near(s.positionAt(0), toMap('GCJ-02', 120, 30));
  });

  test('setVisible() hides a team through its filter value, keeping its slot', () => {
    const s = new TeamSlots('WGS-84');
    s.applyFrame(frame([['t1', 120, 30, 1, 'idle'], ['t2', 121, 30, 1, 'idle']], true), 0);
    assert.deepEqual([...s.attributes().attributes.getFilterValue.value.subarray(0, 2)], [1, 1]);
    const v = s.version;
    s.setVisible('t2', false);
    assert.deepEqual([...s.attributes().attributes.getFilterValue.value.subarray(0, 2)], [1, 0]);
    assert.ok(s.version > v);
    assert.equal(s.slotOf('t2'), 1);
  });

  test('placeIfAbsent() places a team known only from REST, and never moves one a frame placed', () => {
    const s = new TeamSlots('WGS-84');
    s.applyFrame(frame([['t1', 120, 30, 1, 'idle']], true), 0);
    s.placeIfAbsent('t1', 100, 10, 0, 'idle');
    s.placeIfAbsent('t9', 121, 29, 0, 'returning');
    near(s.positionAt(0), [120, 30]);
    near(s.positionAt(s.slotOf('t9')), [121, 29]);
  });

  test('slots grow past the first capacity without losing positions (10,000 teams)', () => {
    const s = new TeamSlots('WGS-84');
    const many = Array.from({ length: 10_000 }, (_, i) => [`t${i}`, 120 + i * 1e-4, 30, 1, 'idle'] as [string, number, number, number, 'idle']);
    s.applyFrame(frame(many, true), 0);
    assert.equal(s.length, 10_000);
    near(s.positionAt(9_999), [120 + 9_999e-4, 30]);
    near(s.positionAt(0), [120, 30]);
  });
});
