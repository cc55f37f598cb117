import assert from 'node:assert/strict';
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { test } from 'vitest';
import type { ActionView } from '../../../protocol/action.ts';
import type { ActionPlanAnswer } from '../../../protocol/plan.ts';
import type { TimelineEntry } from '../../../protocol/timeline.ts';
import type { ClientSocket } from '../../lib/socket.ts';
import { Store } from '../../lib/store.ts';
import type { ConsoleModel } from '../ConsoleModel.ts';
import { ModelContext } from '../ModelContext.ts';
import { PlanForm } from './PlanForm.tsx';
import { PlanModel } from './PlanModel.ts';
import { PlanShown } from './PlanPanel.tsx';
import { TimelineEntries } from './TimelinePanel.tsx';

// The panels as React renders them (server-side, no DOM): what a leader reads on the room's page.
// The models are real; their socket is never used by rendering (only start() listens).
const NO_SOCKET = {} as unknown as ClientSocket;
/** What the markup reads as, without the comments React puts between adjacent text nodes. */
const render = (el: Parameters<typeof renderToString>[0]) => renderToString(el).replaceAll('<!-- -->', '');

const ANSWER = Object.freeze<ActionPlanAnswer>({
  actionId: 'a1',
  status: 'ongoing',
  frozenVersion: 2,
  frozen: true,
  editable: false,
  plan: {
    version: 2,
    authorName: '海曙调度员',
    savedAt: '2026-06-01T06:00:00.000Z',
    content: {
      objective: '查封仓库存货',
      kind: 'seizure',
      riskColour: 'red',
      riskReasons: ['曾暴力抗拒执行'],
      teams: [{ teamId: 't1', role: 'assault', task: '清点' }],
      documents: [{ name: '执行裁定书', number: '(2026)浙0203执1号之一' }],
      contingencies: [{ risk: '被执行人阻拦', response: '警戒组隔离现场' }],
      siteRadiusM: 200,
    },
    teamNames: { t1: '执行一组' },
  },
  versions: [
    { version: 1, authorName: '海曙调度员', savedAt: '2026-06-01T05:00:00.000Z' },
    { version: 2, authorName: '海曙调度员', savedAt: '2026-06-01T06:00:00.000Z' },
  ],
  draft: { kind: 'seizure', riskColour: 'red', riskReasons: [], siteRadiusM: 200 },
});

test('PlanShown shows the version, 已冻结, the teams by role, the documents, contingencies and radius, and no edit button once frozen', () => {
  const html = render(createElement(PlanShown, { plan: new PlanModel(NO_SOCKET, 'a1'), answer: ANSWER }));
  for (const text of ['第 2 版 · 海曙调度员', '已冻结', '查封仓库存货', '执行一组：主攻，清点', '执行裁定书 (2026)浙0203执1号之一', '被执行人阻拦 → 警戒组隔离现场', '200 米', '第 1 版']) {
    assert.ok(html.includes(text), `${text} in ${html}`);
  }
  assert.ok(!html.includes('plan-edit'), 'no edit button');
  const editable = render(createElement(PlanShown, { plan: new PlanModel(NO_SOCKET, 'a1'), answer: { ...ANSWER, status: 'planned', frozen: false, frozenVersion: null, editable: true } }));
  assert.ok(editable.includes('编辑预案') && !editable.includes('已冻结'));
});

test('PlanForm offers the action\'s teams and says what is missing before a save', () => {
  const action = { id: 'a1', teams: [{ teamId: 't1', name: '执行一组', courtId: 'c1', status: 'idle' }, { teamId: 't2', name: '执行二组', courtId: 'c1', status: 'idle' }] } as unknown as ActionView;
  const model = { actions: { actions: new Store<readonly ActionView[]>([action]) } } as unknown as ConsoleModel;
  const plan = new PlanModel(NO_SOCKET, 'a1');
  const draft = { ...ANSWER.plan!.content, objective: ' ' };
  const html = render(createElement(ModelContext.Provider, { value: model }, createElement(PlanForm, { plan, actionId: 'a1', draft, teamNames: {} })));
  for (const text of ['执行一组', '执行二组', '请填写行动目标', '保存为新版本', 'value="200"']) assert.ok(html.includes(text), `${text} in ${html}`);
});

test('TimelineEntries shows each entry with its time (Beijing), the date for another day than the newest, and who did it', () => {
  const entries: TimelineEntry[] = [
    { id: 'x', at: '2026-06-01T06:01:02.000Z', kind: 'arrived', actor: null, team: { id: 't1', name: '执行一组' }, text: '执行一组 已到达现场（距中心 190 米）', refs: {} },
    { id: 'y', at: '2026-06-01T06:02:00.000Z', kind: 'instruction_issued', actor: { userId: 'u1', name: '海曙调度员' }, team: null, text: '下达指令「全程录像」→ 执行一组', refs: {} },
    { id: 'z', at: '2026-05-30T02:00:00.000Z', kind: 'planned', actor: null, team: null, text: '计划执行时间（查封扣押）', refs: {} },
  ];
  const html = render(createElement(TimelineEntries, { entries }));
  for (const text of ['>14:01:02<', '执行一组 已到达现场（距中心 190 米）', 'data-kind="arrived"', '海曙调度员', '>5/30 10:00<']) assert.ok(html.includes(text), `${text} in ${html}`);
});
