// At-least-once delivery has no cap: a terminal reconnecting to a long backlog gets every unsigned
// instruction, in order, and can page its open list to the end.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, test } from 'vitest';
import type { InstructionView } from '../../protocol/instruction.ts';
import { dispatchSuite } from '../support/dispatch.ts';
import { collect, failure, ok, send } from '../support/requests.ts';

/** More than two replay pages (200 each), so page boundaries are crossed twice. */
const BACKLOG = 450;

describe('dispatch: a backlog larger than a page', () => {
  const suite = dispatchSuite();
  let xihuTeam: string;
  const issued: string[] = [];
  beforeAll(async () => {
    ({ xihuTeam } = await suite.start());
    const dispatcher = await suite.console_('h.dispatcher');
    // Issued while the team's terminal is offline; several share an issue time to the millisecond.
    for (let i = 0; i < BACKLOG; i++) issued.push(await suite.issue(dispatcher, { teamIds: [xihuTeam], text: `第 ${i + 1} 条指令` }));
  });
  afterAll(() => suite.close());

  test(`a terminal reconnecting with ${BACKLOG} unsigned instructions is sent every one, oldest first, each once`, async () => {
    let replayed: InstructionView[] = [];
    const field = await suite.terminal('xihu.field', { listen: (s) => (replayed = collect(s, 'instruction:new')) });
    // Sent before session:ready, so all have arrived once connectClient resolved.
    assert.equal(replayed.length, BACKLOG);
    assert.deepEqual(replayed.map((v) => v.id), issued);
    assert.deepEqual(replayed.map((v) => v.text).slice(-2), [`第 ${BACKLOG - 1} 条指令`, `第 ${BACKLOG} 条指令`]);
    field.disconnect();
  });

  test('a terminal pages its open list with after: 200 + 200 + 50, in issue order, no gaps or repeats', async () => {
    const field = await suite.terminal('xihu.field');
    const seen: string[] = [];
    const sizes: number[] = [];
    let cursor: string | undefined;
    for (;;) {
      const page = ok(await send(field, 'instruction:list', { limit: 200, ...(cursor ? { after: cursor } : {}) }));
      sizes.push(page.length);
      if (page.length === 0) break;
      seen.push(...page.map((v) => v.id));
      cursor = page.at(-1)?.id;
    }
    assert.deepEqual(sizes, [200, 200, 50, 0]);
    assert.deepEqual(seen, issued);
    // Signed for, the first one is still open (acknowledged) and keeps its place.
    ok(await send(field, 'instruction:ack', { instructionId: issued[0]! }));
    assert.deepEqual(ok(await send(field, 'instruction:list', { limit: 2 })).map((v) => v.id), issued.slice(0, 2));
    // A cursor naming no instruction is refused by name; a console cannot use a terminal's cursor.
    assert.equal(failure(await send(field, 'instruction:list', { after: randomUUID() })).code, 'ERR_NOT_FOUND');
    const dispatcher = await suite.console_('h.dispatcher');
    const wrong = failure(await send(dispatcher, 'instruction:list', { after: issued[0]! }));
    assert.deepEqual([wrong.code, /\/after/.test(wrong.message)], ['ERR_BAD_MESSAGE', true]);
  });
});
