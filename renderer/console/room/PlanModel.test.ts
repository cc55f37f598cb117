import assert from 'node:assert/strict';
import { test } from 'vitest';
import type { ActionPlanAnswer, ActionPlanContent } from '../../../protocol/plan.ts';
import { cleaned, draftOf, draftProblem } from './PlanModel.ts';

const CONTENT = Object.freeze<ActionPlanContent>({
  objective: '查封仓库存货',
  kind: 'seizure',
  riskColour: 'red',
  riskReasons: ['曾暴力抗拒执行'],
  teams: [{ teamId: 't1', role: 'assault', task: '清点' }],
  documents: [{ name: '执行裁定书', number: '(2026)浙0203执1号' }],
  contingencies: [],
  siteRadiusM: 200,
});

function answer(versions: number[], shown: number | null): ActionPlanAnswer {
  return {
    actionId: 'a1',
    status: 'planned',
    frozenVersion: null,
    frozen: false,
    editable: true,
    plan: shown === null ? null : { version: shown, authorName: '调度员', savedAt: '2026-06-01T06:00:00.000Z', content: CONTENT, teamNames: { t1: '执行一组' } },
    versions: versions.map((version) => ({ version, authorName: '调度员', savedAt: '2026-06-01T06:00:00.000Z' })),
    draft: { kind: 'eviction', riskColour: 'yellow', riskReasons: ['群体性'], siteRadiusM: 300 },
  };
}

test('draftOf() starts from the latest version, or from the action itself when there is none', () => {
  assert.equal(draftOf(answer([1, 2], 2)), CONTENT);
  const first = draftOf(answer([], null));
  assert.deepEqual([first.objective, first.kind, first.riskColour, first.riskReasons, first.siteRadiusM, first.teams], ['', 'eviction', 'yellow', ['群体性'], 300, []]);
});

test('draftProblem() wants an objective and complete documents and contingencies', () => {
  assert.equal(draftProblem(CONTENT), null);
  assert.equal(draftProblem({ ...CONTENT, objective: '  ' }), 'plan.invalid');
  assert.equal(draftProblem({ ...CONTENT, documents: [{ name: '搜查令', number: '' }] }), 'plan.invalid');
  assert.equal(draftProblem({ ...CONTENT, contingencies: [{ risk: '阻拦', response: ' ' }] }), 'plan.invalid');
});

test('cleaned() drops blank reasons and empty tasks and trims the objective', () => {
  const c = cleaned({ ...CONTENT, objective: ' 查封 ', riskReasons: ['a', ' ', ''], teams: [{ teamId: 't1', role: 'cordon', task: '  ' }] });
  assert.deepEqual([c.objective, c.riskReasons, c.teams], ['查封', ['a'], [{ teamId: 't1', role: 'cordon' }]]);
});
