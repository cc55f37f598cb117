import assert from 'node:assert/strict';
import { test } from 'vitest';
import type { ActionView } from '../../../protocol/action.ts';
import { sortActions } from './ActionsModel.ts';

const action = (id: string, status: ActionView['status'], riskColour: ActionView['riskColour'], plannedAt: string): ActionView => ({
  id,
  caseId: `case-${id}`,
  caseNumber: `(2026)浙0106执${id}号`,
  courtId: 'c330106',
  courtName: '西湖法院',
  kind: 'seizure',
  status,
  plannedAt,
  riskColour,
  riskReasons: [],
  lng: 120.13,
  lat: 30.26,
  siteRadiusM: 200,
  teams: [],
  watchers: [],
});

test('sortActions(): ongoing first, then 红 → 黄 → 蓝 → 绿, then the soonest; finished and cancelled ones drop out', () => {
  const list = [
    action('1', 'planned', 'green', '2026-06-01T01:00:00.000Z'),
    action('2', 'planned', 'red', '2026-06-02T01:00:00.000Z'),
    action('3', 'ongoing', 'green', '2026-06-01T00:00:00.000Z'),
    action('4', 'planned', 'red', '2026-06-01T09:00:00.000Z'),
    action('5', 'finished', 'red', '2026-05-30T01:00:00.000Z'),
    action('6', 'ongoing', 'yellow', '2026-06-01T03:00:00.000Z'),
    action('7', 'cancelled', 'red', '2026-06-01T03:00:00.000Z'),
  ];
  assert.deepEqual(
    sortActions(list).map((a) => a.id),
    ['6', '3', '4', '2', '1'],
  );
});
