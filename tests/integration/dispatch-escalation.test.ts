// Dispatch over time: an instruction not signed for escalates, then expires (on a dispatch clock the
// tests move forward); and one issued before a server restart is delivered after it.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, test } from 'vitest';
import type { InstructionView } from '../../protocol/instruction.ts';
import { systemClock } from '../../server/clock.ts';
import { barrier, dispatchSuite, teamOf } from '../support/dispatch.ts';
import { nextEvent } from '../support/once.ts';
import { collect, failure, ok, send } from '../support/requests.ts';
import { connectClient, login, startServer, type RunningServer } from '../support/server.ts';

describe('dispatch: escalation and expiry of instructions not signed for', () => {
  /** The server's clock runs this far ahead of real time. */
  let offsetMs = 0;
  const suite = dispatchSuite({ clock: { now: () => systemClock.now() + offsetMs, every: systemClock.every } });
  const { console_, terminal, issue } = suite;
  let server: RunningServer, xihuTeam: string, haishuTeam: string;
  beforeAll(async () => ({ server, xihuTeam, haishuTeam } = await suite.start()));
  afterAll(() => suite.close());

  test('an instruction not signed for within the ack window raises a warning to the team\'s consoles and escalates to the team leader, once', async () => {
    const leader = await console_('hz.leader');
    const xihuOp = await console_('xihu.operator');
    const nbOp = await console_('nb.operator');
    const teamLead = await terminal('xihu.teamlead');
    const nbGot = collect(nbOp, 'warning:raised');
    const arrived = nextEvent(teamLead, 'instruction:new');
    const id = await issue(leader, { teamIds: [xihuTeam], template: 'hold', priority: 'critical' });
    await arrived;
    await server.instructions.sweep();
    assert.equal((await server.store.db.selectFrom('warnings').select('id').where('instruction_id', '=', id).execute()).length, 0, 'not within the window');

    const onConsole = nextEvent(xihuOp, 'warning:raised', (w) => w.instructionId === id);
    const onLeaderTerminal = nextEvent(teamLead, 'warning:raised', (w) => w.instructionId === id);
    const escalatedView = nextEvent(leader, 'instruction:updated', (v) => v.id === id && v.targets[0]?.escalatedAt !== null);
    offsetMs += (server.config.dispatch.ackWindowSeconds + 1) * 1_000;
    await server.instructions.sweep();
    const w = await onConsole;
    assert.equal(w.kind, 'instruction-unacked');
    assert.equal(w.level, 'critical');
    assert.equal(w.teamId, xihuTeam);
    assert.match(w.text, /未签收.*暂停行动.*组长 xihu\.teamlead/);
    assert.equal((await onLeaderTerminal).id, w.id);
    await escalatedView;

    await server.instructions.sweep();
    const rows = await server.store.db.selectFrom('instruction_targets').select(['escalated_at', 'escalated_to', 'state']).where('instruction_id', '=', id).execute();
    assert.equal(rows.length, 1);
    assert.ok(rows[0]?.escalated_at);
    assert.equal(rows[0]?.state, 'issued');
    const leadId = await server.store.db.selectFrom('users').select('id').where('username', '=', 'xihu.teamlead').executeTakeFirstOrThrow();
    assert.equal(rows[0]?.escalated_to, leadId.id);
    assert.equal((await server.store.db.selectFrom('warnings').select('id').where('instruction_id', '=', id).execute()).length, 1, 'escalated once');
    const audit = await server.store.db.selectFrom('audit_log').select('action').where('target_id', '=', id).orderBy('seq').execute();
    assert.deepEqual(audit.map((a) => a.action), ['instruction.issue', 'instruction.escalate']);
    await barrier(nbOp);
    assert.equal(nbGot.filter((x) => x.instructionId === id).length, 0);
    // Signing for it after the escalation is still possible.
    ok(await send(teamLead, 'instruction:ack', { instructionId: id }));
  });

  // Last: it moves the clock past every open instruction's expiry.
  test('an instruction never signed for expires: consoles see it, terminals no longer get it, 签收 is refused', async () => {
    const dispatcher = await console_('haishu.dispatcher');
    const id = await issue(dispatcher, { teamIds: [haishuTeam], template: 'go_now' });
    const expired = nextEvent(dispatcher, 'instruction:updated', (v) => v.id === id && v.targets[0]?.state === 'expired');
    offsetMs += (server.config.dispatch.expireAfterMinutes * 60 + 1) * 1_000;
    await server.instructions.sweep();
    assert.ok((await expired).targets[0]?.finishedAt);
    let got!: InstructionView[];
    const field = await terminal('haishu.field', { listen: (s) => (got = collect(s, 'instruction:new')) });
    assert.equal(got.filter((v) => v.id === id).length, 0);
    assert.equal(failure(await send(field, 'instruction:ack', { instructionId: id })).code, 'ERR_INVALID_STATE');
    const audit = await server.store.db.selectFrom('audit_log').select('action').where('target_id', '=', id).orderBy('seq').execute();
    assert.deepEqual(audit.map((a) => a.action).filter((a) => a !== 'instruction.escalate'), ['instruction.issue', 'instruction.expire']);
  });
});

describe('dispatch across a server restart', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'cc-restart-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  test('an instruction issued to an offline team before a restart is delivered after it', async () => {
    const first = await startServer({}, { dataDir });
    let id: string;
    let haishuTeam: string;
    try {
      haishuTeam = await teamOf(first, 'haishu');
      const dispatcher = await connectClient(first.url, { client: 'console', token: await login(first, 'haishu.dispatcher') });
      const res = await send(dispatcher, 'instruction:issue', { clientKey: randomUUID(), teamIds: [haishuTeam], template: 'withdraw', priority: 'critical' });
      id = ok(res).instructionId;
      dispatcher.disconnect();
    } finally {
      await first.close();
    }

    const second = await startServer({}, { dataDir });
    try {
      let replayed!: Promise<InstructionView>;
      const field = await connectClient(
        second.url,
        { client: 'field', token: await login(second, 'haishu.field'), terminalId: randomUUID() },
        {
          listen: (s) => {
            replayed = nextEvent(s, 'instruction:new', (v) => v.id === id);
          },
        },
      );
      const view = await replayed;
      assert.equal(view.text, '撤离');
      assert.equal(view.targets[0]?.teamId, haishuTeam);
      ok(await send(field, 'instruction:ack', { instructionId: id }));
      field.disconnect();
    } finally {
      await second.close();
    }
  });
});
