// Dispatch over real sockets: an instruction's steps from issue to feedback, and its delivery to
// terminals that are offline, reconnect or resend.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, test } from 'vitest';
import { PHOTO_MAX_BYTES, type InstructionView, type IssueInstruction } from '../../protocol/instruction.ts';
import { barrier, dispatchSuite } from '../support/dispatch.ts';
import { nextEvent } from '../support/once.ts';
import { collect, failure, ok, send } from '../support/requests.ts';
import type { RunningServer } from '../support/server.ts';

const JPEG = `data:image/jpeg;base64,${Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2_000, 7)]).toString('base64')}`;

describe('dispatch: an instruction from issue to feedback, delivered over real sockets', () => {
  const suite = dispatchSuite();
  const { console_, terminal, issue } = suite;
  let server: RunningServer, xihuTeam: string, haishuTeam: string;
  beforeAll(async () => ({ server, xihuTeam, haishuTeam } = await suite.start()));
  afterAll(() => suite.close());

  test('an instruction goes issued → delivered → acknowledged → done, each step stored, audited and shown to the team\'s consoles', async () => {
    const leader = await console_('hz.leader');
    const watcher = await console_('xihu.operator');
    const field = await terminal('xihu.field');
    const clientKey = randomUUID();
    const arrived = nextEvent(field, 'instruction:new');
    const seenIssued = nextEvent(watcher, 'instruction:updated', (v) => v.targets[0]?.state === 'issued');
    const res = ok(await send(leader, 'instruction:issue', { clientKey, teamIds: [xihuTeam], template: 'go_now', priority: 'critical' }));
    assert.equal(res.duplicate, false);

    const got = await arrived;
    assert.equal(got.id, res.instructionId);
    assert.equal(got.text, '立即前往');
    assert.equal(got.priority, 'critical');
    assert.equal(got.issuedBy.name, 'hz.leader');
    assert.deepEqual(got.targets.map((t) => [t.teamId, t.state]), [[xihuTeam, 'issued']]);
    assert.equal((await seenIssued).id, res.instructionId);

    const id = res.instructionId;
    const delivered = ok(await send(field, 'instruction:delivered', { instructionId: id }));
    assert.equal(delivered.targets[0]?.state, 'delivered');
    assert.ok(delivered.targets[0]?.deliveredAt);

    const seenAck = nextEvent(watcher, 'instruction:updated', (v) => v.id === id && v.targets[0]?.state === 'acknowledged');
    const acked = ok(await send(field, 'instruction:ack', { instructionId: id }));
    assert.equal(acked.targets[0]?.acknowledgedBy?.name, 'xihu.field');
    await seenAck;

    const seenDone = nextEvent(leader, 'instruction:updated', (v) => v.id === id && v.targets[0]?.state === 'done');
    const done = ok(await send(field, 'instruction:feedback', { instructionId: id, text: '已到达现场，被执行人在家', photo: JPEG }));
    assert.deepEqual(done.targets[0]?.feedback, { text: '已到达现场，被执行人在家', hasPhoto: true });
    const shown = await seenDone;
    assert.ok(shown.targets[0]?.finishedAt);

    const photo = ok(await send(watcher, 'instruction:photo', { instructionId: id, teamId: xihuTeam }));
    assert.equal(photo.photo, JPEG);

    const events = await server.store.db.selectFrom('instruction_events').select('kind').where('instruction_id', '=', id).orderBy('at').execute();
    assert.deepEqual(events.map((e) => e.kind), ['issued', 'delivered', 'acknowledged', 'done']);
    const audit = await server.store.db.selectFrom('audit_log').select('action').where('target_id', '=', id).orderBy('seq').execute();
    assert.deepEqual(audit.map((a) => a.action), ['instruction.issue', 'instruction.deliver', 'instruction.ack', 'instruction.feedback']);
  });

  test('a repeated step changes nothing; a step the state machine refuses answers ERR_INVALID_STATE', async () => {
    const leader = await console_('hz.leader');
    const field = await terminal('xihu.field');
    const id = await issue(leader, { teamIds: [xihuTeam], text: '报告现场人数' });
    assert.equal(failure(await send(field, 'instruction:feedback', { instructionId: id, text: '未签收就反馈' })).code, 'ERR_INVALID_STATE');
    ok(await send(field, 'instruction:ack', { instructionId: id }));
    const again = ok(await send(field, 'instruction:ack', { instructionId: id }));
    assert.equal(again.targets[0]?.state, 'acknowledged');
    const refused = ok(await send(field, 'instruction:refuse', { instructionId: id, reason: '现场已无人' }));
    assert.equal(refused.targets[0]?.state, 'refused');
    assert.equal(refused.targets[0]?.refuseReason, '现场已无人');
    assert.equal(failure(await send(field, 'instruction:ack', { instructionId: id })).code, 'ERR_INVALID_STATE');
    const acks = await server.store.db.selectFrom('instruction_events').select('kind').where('instruction_id', '=', id).where('kind', '=', 'acknowledged').execute();
    assert.equal(acks.length, 1);
  });

  test('an instruction to an offline terminal waits in the store and is delivered when the terminal connects', async () => {
    const dispatcher = await console_('haishu.dispatcher');
    const id = await issue(dispatcher, { teamIds: [haishuTeam], template: 'withdraw', priority: 'critical' });
    let replayed!: Promise<InstructionView>;
    await terminal('haishu.field', {
      listen: (s) => {
        replayed = nextEvent(s, 'instruction:new', (v) => v.id === id);
      },
    });
    const view = await replayed;
    assert.equal(view.text, '撤离');
    assert.equal(view.targets[0]?.state, 'issued');
  });

  test('the server redelivers an instruction not yet signed for on every reconnect, with its id, so the terminal can drop duplicates', async () => {
    const dispatcher = await console_('haishu.dispatcher');
    const terminalId = randomUUID();
    const first = await terminal('haishu.field', { terminalId });
    const arrived = nextEvent(first, 'instruction:new');
    const id = await issue(dispatcher, { teamIds: [haishuTeam], template: 'record_all' });
    assert.equal((await arrived).id, id);
    ok(await send(first, 'instruction:delivered', { instructionId: id }));
    first.disconnect();

    // Delivered but not signed for: the reconnecting terminal gets it again, same id.
    let again!: InstructionView[];
    const second = await terminal('haishu.field', { terminalId, listen: (s) => (again = collect(s, 'instruction:new')) });
    assert.deepEqual(
      again.filter((v) => v.id === id).map((v) => v.targets[0]?.state),
      ['delivered'],
    );
    ok(await send(second, 'instruction:ack', { instructionId: id }));
    second.disconnect();

    // Signed for: no longer pushed, still in the terminal's open list.
    let third!: InstructionView[];
    const t3 = await terminal('haishu.field', { terminalId, listen: (s) => (third = collect(s, 'instruction:new')) });
    assert.equal(third.filter((v) => v.id === id).length, 0);
    const open = ok(await send(t3, 'instruction:list', {}));
    assert.deepEqual(open.filter((v) => v.id === id).map((v) => v.targets[0]?.state), ['acknowledged']);
  });

  test('instruction:issue twice with the same clientKey gives one instruction (sequential and concurrent)', async () => {
    const dispatcher = await console_('h.dispatcher');
    const field = await terminal('xihu.field');
    const received = collect(field, 'instruction:new');
    const m: IssueInstruction = { clientKey: randomUUID(), teamIds: [xihuTeam], template: 'hold', priority: 'normal' };
    const a = ok(await send(dispatcher, 'instruction:issue', m));
    const b = ok(await send(dispatcher, 'instruction:issue', m));
    assert.deepEqual([a.duplicate, b.duplicate], [false, true]);
    assert.equal(b.instructionId, a.instructionId);

    const n = { ...m, clientKey: randomUUID() };
    const both = await Promise.all([send(dispatcher, 'instruction:issue', n), send(dispatcher, 'instruction:issue', n)]);
    const [c, d] = both.map(ok);
    assert.equal(c?.instructionId, d?.instructionId);
    assert.deepEqual([c?.duplicate, d?.duplicate].sort(), [false, true]);

    const rows = await server.store.db.selectFrom('instructions').select('id').where('client_key', 'in', [m.clientKey, n.clientKey]).execute();
    assert.equal(rows.length, 2);
    await barrier(field);
    assert.equal(received.filter((v) => v.id === a.instructionId).length, 1);
    assert.equal(received.filter((v) => v.id === c?.instructionId).length, 1);
  });

  test('a feedback photo of the full 600 KB passes the socket and is fetched back whole', async () => {
    const dispatcher = await console_('h.dispatcher');
    const field = await terminal('xihu.field');
    const id = await issue(dispatcher, { teamIds: [xihuTeam], template: 'report_status' });
    ok(await send(field, 'instruction:ack', { instructionId: id }));
    const bytes = Buffer.alloc(PHOTO_MAX_BYTES, 0x5a);
    bytes.set([0xff, 0xd8, 0xff, 0xe0]);
    const photo = `data:image/jpeg;base64,${bytes.toString('base64')}`;
    const done = ok(await send(field, 'instruction:feedback', { instructionId: id, text: '现场情况：'.repeat(400), photo }));
    assert.equal(done.targets[0]?.feedback?.hasPhoto, true);
    assert.equal(ok(await send(dispatcher, 'instruction:photo', { instructionId: id, teamId: xihuTeam })).photo, photo);
    assert.equal(field.connected, true);
  });

  test('instruction:templates lists the one-click instructions of the config', async () => {
    const dispatcher = await console_('h.dispatcher');
    const templates = ok(await send(dispatcher, 'instruction:templates'));
    assert.deepEqual(
      templates.map((t) => t.text),
      ['立即前往', '暂停行动', '撤离', '全程录像', '增援', '报告现场情况'],
    );
  });
});
