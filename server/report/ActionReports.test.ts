import assert from 'node:assert/strict';
import { test } from 'vitest';
import type { ActionPlanVersion } from '../../protocol/plan.ts';
import type { TimelineEntry } from '../../protocol/timeline.ts';
import { reportTeams, reportWatchers } from './ActionReports.ts';

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') for (const v of Object.values(value)) deepFreeze(v);
  return Object.freeze(value);
}

const PLAN = deepFreeze<Pick<ActionPlanVersion, 'content' | 'teamNames'>>({
  content: {
    objective: '查封仓库存货',
    kind: 'seizure',
    riskColour: 'red',
    riskReasons: [],
    teams: [
      { teamId: 't2', role: 'cordon', task: '  ' },
      { teamId: 't1', role: 'assault', task: '清点存货' },
      // A plan team the reader may not see has no name: it is left out.
      { teamId: 'hidden', role: 'support' },
    ],
    documents: [],
    contingencies: [],
    siteRadiusM: 200,
  },
  teamNames: { t1: '执行一组', t2: '执行二组' },
});

function entry(id: string, at: string, kind: TimelineEntry['kind'], actor: TimelineEntry['actor'], team: TimelineEntry['team'] = null): TimelineEntry {
  return { id, at, kind, actor, team, text: `${actor?.name ?? ''} ${kind}`, refs: {} };
}

test('reportTeams() lists the plan\'s teams in its order with their roles, then the others assigned or named by the timeline, by name', () => {
  const entries = deepFreeze([entry('e1', '2026-06-01T06:00:00.000Z', 'arrived', null, { id: 't4', name: '执行四组' })]);
  const teams = reportTeams([{ id: 't3', name: '执行三组' }, { id: 't1', name: '执行一组' }], PLAN, entries);
  assert.deepEqual(teams, [
    { teamId: 't2', name: '执行二组', role: 'cordon', task: null },
    { teamId: 't1', name: '执行一组', role: 'assault', task: '清点存货' },
    { teamId: 't3', name: '执行三组', role: null, task: null },
    { teamId: 't4', name: '执行四组', role: null, task: null },
  ]);
  assert.deepEqual(reportTeams([], null, []), []);
});

test('reportWatchers() gives one row per person: first joined, last left (null when still joined at the end), how many times', () => {
  const a = { userId: 'u1', name: 'nb.leader' };
  const b = { userId: 'u2', name: 'h.leader' };
  const rows = reportWatchers(
    deepFreeze([
      entry('1', '2026-06-01T06:00:00.000Z', 'watch_join', a),
      entry('2', '2026-06-01T06:01:00.000Z', 'watch_join', b),
      entry('3', '2026-06-01T06:02:00.000Z', 'watch_leave', a),
      entry('4', '2026-06-01T06:03:00.000Z', 'watch_join', a),
      entry('5', '2026-06-01T06:04:00.000Z', 'watch_leave', a),
      entry('6', '2026-06-01T06:05:00.000Z', 'finished', a),
    ]),
  );
  assert.deepEqual(
    rows.map((w) => [w.name, w.firstJoinedAt, w.lastLeftAt, w.joins]),
    [
      ['nb.leader', '2026-06-01T06:00:00.000Z', '2026-06-01T06:04:00.000Z', 2],
      ['h.leader', '2026-06-01T06:01:00.000Z', null, 1],
    ],
  );
});
