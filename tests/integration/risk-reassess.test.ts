import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, test } from 'vitest';
import { startServer, type RunningServer } from '../support/server.ts';

// 节点超期 follows the calendar without anyone touching the case: the server adds the factor when a
// node passes its deadline and removes it when the case moves on, recolouring with its reasons.
describe('the overdue risk factor is re-assessed as days pass', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer();
    await server.reassessor.run(); // the pass start() began may still be in flight: wait for one
  });
  afterAll(async () => server.close());

  const caseRow = (id: string) =>
    server.store.db.selectFrom('cases').select(['risk_factors', 'risk_reasons', 'risk_colour', 'colour_override']).where('id', '=', id).executeTakeFirstOrThrow();

  test('on start: an open case past its node deadline gains 节点超期 and its colour; closed and on-time ones do not', async () => {
    const overdue = await caseRow('case-binjiang-1'); // 信访 (blue), due 2026-02-01
    assert.deepEqual(JSON.parse(overdue.risk_factors), ['petition', 'overdue_node']);
    assert.equal(overdue.risk_colour, 'yellow', 'two blue factors escalate to yellow');
    assert.ok((JSON.parse(overdue.risk_reasons) as { text: string }[]).some((r) => r.text.startsWith('节点超期')));
    assert.deepEqual(JSON.parse((await caseRow('case-xihu-2')).risk_factors), [], 'due 2099: not overdue');
    assert.deepEqual(JSON.parse((await caseRow('case-xihu-3')).risk_factors), ['key_person'], 'closed: never overdue');
    const audit = await server.store.db.selectFrom('audit_log').select(['actor_name', 'detail']).where('action', '=', 'risk.reassess').execute();
    assert.ok(audit.some((a) => (JSON.parse(a.detail) as { caseIds: string[] }).caseIds.includes('case-binjiang-1')));
    assert.equal(audit[0]?.actor_name, '系统 / system');
  });

  test('a second pass changes nothing; a deadline moved to the future takes the factor away again', async () => {
    assert.deepEqual(await server.reassessor.run(), { added: 0, removed: 0 });
    await server.store.db.updateTable('cases').set({ stage_due_on: '2099-01-01' }).where('id', '=', 'case-binjiang-1').execute();
    assert.deepEqual(await server.reassessor.run(), { added: 0, removed: 1 });
    const back = await caseRow('case-binjiang-1');
    assert.deepEqual([JSON.parse(back.risk_factors), back.risk_colour], [['petition'], 'blue']);
  });

  test('a person\'s colour override stays the effective colour through a re-assessment', async () => {
    await server.store.db.updateTable('cases').set({ colour_override: 'green', risk_colour: 'green', stage_due_on: '2026-01-01' }).where('id', '=', 'case-binjiang-1').execute();
    assert.deepEqual(await server.reassessor.run(), { added: 1, removed: 0 });
    const row = await caseRow('case-binjiang-1');
    assert.deepEqual([JSON.parse(row.risk_factors), row.risk_colour, row.colour_override], [['petition', 'overdue_node'], 'green', 'green']);
  });
});
