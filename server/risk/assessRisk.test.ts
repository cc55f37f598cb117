import assert from 'node:assert/strict';
import { test } from 'vitest';
import { loadRules, type Rules } from '../../config/rules.ts';
import type { RiskFactor } from '../../protocol/domain.ts';
import { assessRisk } from './assessRisk.ts';

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) for (const v of Object.values(value)) deepFreeze(v);
  return Object.freeze(value);
}

// Defaults: violence_risk red; key_person, group_incident, stability_risk, past_resistance yellow;
// petition, public_opinion, overdue_node blue. 2 yellow → red, 2 blue → yellow.
const risk = deepFreeze(loadRules({}).risk);
const withEscalation = (escalation: Rules['risk']['escalation']): Rules['risk'] => deepFreeze({ ...risk, escalation });
const assess = (...factors: RiskFactor[]) => assessRisk(deepFreeze(factors), risk);

test('assessRisk() is green with no reasons when there is no factor', () => {
  assert.deepEqual(assess(), { colour: 'green', reasons: [] });
});

test('assessRisk() gives the colour a single factor implies, with its zh-CN reason', () => {
  assert.deepEqual(assess('violence_risk'), {
    colour: 'red',
    reasons: [{ factor: 'violence_risk', colour: 'red', text: '暴力/自伤风险：红色' }],
  });
  assert.deepEqual(assess('key_person'), {
    colour: 'yellow',
    reasons: [{ factor: 'key_person', colour: 'yellow', text: '重点人员：黄色' }],
  });
  assert.deepEqual(assess('petition'), { colour: 'blue', reasons: [{ factor: 'petition', colour: 'blue', text: '信访：蓝色' }] });
  assert.equal(assess('overdue_node').colour, 'blue');
});

test('assessRisk() gives green for a factor configured green, and still lists it', () => {
  const rules = deepFreeze({ ...risk, factorColours: { ...risk.factorColours, overdue_node: 'green' as const } });
  assert.deepEqual(assessRisk(['overdue_node'], rules), {
    colour: 'green',
    reasons: [{ factor: 'overdue_node', colour: 'green', text: '节点超期：绿色' }],
  });
});

test('assessRisk() does not escalate 1 yellow factor, one below the threshold of 2', () => {
  const a = assess('key_person', 'petition');
  assert.equal(a.colour, 'yellow');
  assert.ok(a.reasons.every((r) => r.factor !== 'escalation'));
});

test('assessRisk() raises 2 yellow factors to red and names them in the escalation reason', () => {
  const a = assess('stability_risk', 'key_person');
  assert.equal(a.colour, 'red');
  assert.deepEqual(a.reasons, [
    { factor: 'escalation', colour: 'red', text: '2项黄色因素（重点人员、涉稳），升为红色' },
    { factor: 'key_person', colour: 'yellow', text: '重点人员：黄色' },
    { factor: 'stability_risk', colour: 'yellow', text: '涉稳：黄色' },
  ]);
});

test('assessRisk() raises 2 blue factors to yellow, not 1', () => {
  assert.equal(assess('public_opinion').colour, 'blue');
  const a = assess('public_opinion', 'petition');
  assert.equal(a.colour, 'yellow');
  assert.deepEqual(a.reasons[0], { factor: 'escalation', colour: 'yellow', text: '2项蓝色因素（信访、舆情），升为黄色' });
});

test('assessRisk() follows a configured threshold: 2 of 3 stays yellow, 3 of 3 turns red', () => {
  const rules = withEscalation([{ of: 'yellow', atLeast: 3, raiseTo: 'red' }]);
  assert.equal(assessRisk(['key_person', 'group_incident'], rules).colour, 'yellow');
  const a = assessRisk(['key_person', 'group_incident', 'past_resistance'], rules);
  assert.equal(a.colour, 'red');
  assert.equal(a.reasons[0]?.text, '3项黄色因素（重点人员、群体性/涉众、拒执），升为红色');
});

test('assessRisk() adds no escalation reason when a red factor already makes it red', () => {
  const a = assess('key_person', 'violence_risk', 'stability_risk');
  assert.equal(a.colour, 'red');
  assert.deepEqual(
    a.reasons.map((r) => r.factor),
    ['violence_risk', 'key_person', 'stability_risk'],
  );
});

test('assessRisk() escalates yellow factors to red even when blue factors also escalate', () => {
  const a = assess('petition', 'key_person', 'public_opinion', 'past_resistance');
  assert.equal(a.colour, 'red');
  // 2 blue → yellow raises nothing above the yellow factors, so only one escalation.
  assert.deepEqual(
    a.reasons.map((r) => [r.factor, r.colour]),
    [['escalation', 'red'], ['key_person', 'yellow'], ['past_resistance', 'yellow'], ['petition', 'blue'], ['public_opinion', 'blue']],
  );
});

test('assessRisk() does not cascade: 2 blue + 1 yellow stays yellow', () => {
  const a = assess('petition', 'public_opinion', 'key_person');
  assert.equal(a.colour, 'yellow');
  assert.ok(a.reasons.every((r) => r.factor !== 'escalation'));
});

test('assessRisk() counts a duplicated factor once', () => {
  const a = assess('key_person', 'key_person');
  assert.equal(a.colour, 'yellow');
  assert.equal(a.reasons.length, 1);
  assert.equal(assess('petition', 'petition', 'petition').colour, 'blue');
});

test('assessRisk() lists reasons most severe first whatever the input order', () => {
  const a = assess('overdue_node', 'group_incident', 'violence_risk');
  assert.deepEqual(
    a.reasons.map((r) => r.colour),
    ['red', 'yellow', 'blue'],
  );
});

test('assessRisk() uses the configured labels', () => {
  const rules = deepFreeze({ ...risk, labels: { ...risk.labels, key_person: '重点人员（在册）' } });
  assert.equal(assessRisk(['key_person'], rules).reasons[0]?.text, '重点人员（在册）：黄色');
});
