// Dispatch over real sockets: who hears of an instruction or an SOS (court scope), who may issue or
// step one (roles), and what a malformed request is answered.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, test } from 'vitest';
import type { Ack } from '../../protocol/errors.ts';
import type { IssueInstruction } from '../../protocol/instruction.ts';
import { ACK_TIMEOUT, barrier, dispatchSuite } from '../support/dispatch.ts';
import { nextEvent } from '../support/once.ts';
import { collect, failure, ok, send } from '../support/requests.ts';
import type { RunningServer, TestSocket } from '../support/server.ts';
import { COURTS } from '../support/world.ts';

describe('dispatch: court scope, SOS and who may do what, over real sockets', () => {
  const suite = dispatchSuite();
  const { console_, terminal, issue } = suite;
  let server: RunningServer, xihuTeam: string, haishuTeam: string;
  beforeAll(async () => ({ server, xihuTeam, haishuTeam } = await suite.start()));
  afterAll(() => suite.close());

  test('a terminal of another court never receives an instruction, and cannot step it', async () => {
    const dispatcher = await console_('h.dispatcher');
    const xihu = await terminal('xihu.field');
    const haishu = await terminal('haishu.field');
    const haishuGot = collect(haishu, 'instruction:new');
    const haishuUpdates = collect(haishu, 'instruction:updated');
    const arrived = nextEvent(xihu, 'instruction:new');
    const id = await issue(dispatcher, { teamIds: [xihuTeam], template: 'reinforce' });
    assert.equal((await arrived).id, id);
    ok(await send(xihu, 'instruction:ack', { instructionId: id }));
    assert.equal(failure(await send(haishu, 'instruction:ack', { instructionId: id })).code, 'ERR_NOT_FOUND');
    assert.equal(failure(await send(haishu, 'instruction:delivered', { instructionId: id, teamId: xihuTeam })).code, 'ERR_NOT_FOUND');
    await barrier(haishu);
    assert.equal(haishuGot.filter((v) => v.id === id).length, 0);
    assert.equal(haishuUpdates.filter((v) => v.id === id).length, 0);
    const open = ok(await send(haishu, 'instruction:list', {}));
    assert.equal(open.filter((v) => v.id === id).length, 0);
  });

  test('an instruction to teams of two branches shows each console only the targets of its own branch', async () => {
    const dispatcher = await console_('h.dispatcher');
    const hz = await console_('hz.operator');
    const nb = await console_('nb.operator');
    const high = await console_('h.operator');
    const hzSaw = nextEvent(hz, 'instruction:updated');
    const nbSaw = nextEvent(nb, 'instruction:updated');
    const highSaw = nextEvent(high, 'instruction:updated');
    const id = await issue(dispatcher, { teamIds: [xihuTeam, haishuTeam], template: 'report_status' });
    assert.deepEqual((await hzSaw).targets.map((t) => t.teamId), [xihuTeam]);
    assert.deepEqual((await nbSaw).targets.map((t) => t.teamId), [haishuTeam]);
    assert.deepEqual((await highSaw).targets.map((t) => t.teamId).sort(), [xihuTeam, haishuTeam].sort());
    const hzList = ok(await send(hz, 'instruction:list', { limit: 200 }));
    assert.deepEqual(hzList.find((v) => v.id === id)?.targets.map((t) => t.teamId), [xihuTeam]);
    const nbList = ok(await send(nb, 'instruction:list', { limit: 200 }));
    assert.deepEqual(nbList.find((v) => v.id === id)?.targets.map((t) => t.teamId), [haishuTeam]);
    assert.ok(nbList.every((v) => v.targets.every((t) => t.courtId !== COURTS.xihu.id)), '宁波 lists no 西湖 target');
  });

  test('a console of 宁波 never hears of 杭州\'s instruction updates or SOS', async () => {
    const leader = await console_('hz.leader');
    const nb = await console_('nb.operator');
    const hz = await console_('hz.operator');
    const field = await terminal('xihu.field');
    const nbUpdates = collect(nb, 'instruction:updated');
    const nbWarnings = collect(nb, 'warning:raised');
    const id = await issue(leader, { teamIds: [xihuTeam], template: 'go_now' });
    const sosSeen = nextEvent(hz, 'warning:raised', (w) => w.kind === 'sos');
    ok(await send(field, 'instruction:ack', { instructionId: id }));
    const sos = ok(await send(field, 'sos:raise', { clientKey: randomUUID() }));
    assert.equal((await sosSeen).id, sos.warningId);
    await barrier(nb);
    assert.deepEqual(nbUpdates.filter((v) => v.id === id), []);
    assert.deepEqual(nbWarnings.filter((w) => w.id === sos.warningId), []);
  });

  test('SOS reaches every console whose court may see the team, and only those; acknowledging it updates them', async () => {
    const xihuOp = await console_('xihu.operator');
    const hzOp = await console_('hz.operator');
    const highOp = await console_('h.operator');
    const nbOp = await console_('nb.operator');
    const auditor = await console_('h.auditadmin');
    const field = await terminal('xihu.field');
    const nbGot = collect(nbOp, 'warning:raised');
    const auditorGot = collect(auditor, 'warning:raised');
    const clientKey = randomUUID();
    const seen = [xihuOp, hzOp, highOp].map((s) => nextEvent(s, 'warning:raised', (w) => w.kind === 'sos' && w.raisedBy?.name === 'xihu.field'));
    const res = ok(await send(field, 'sos:raise', { clientKey, text: '被围堵', position: { lng: 120.13, lat: 30.26 } }));
    for (const w of await Promise.all(seen)) {
      assert.equal(w.id, res.warningId);
      assert.equal(w.level, 'critical');
      assert.equal(w.teamId, xihuTeam);
      assert.equal(w.courtId, COURTS.xihu.id);
      assert.deepEqual(w.position, { lng: 120.13, lat: 30.26 });
      assert.match(w.text, /SOS.*执行一组.*被围堵/);
    }
    const resend = ok(await send(field, 'sos:raise', { clientKey }));
    assert.deepEqual(resend, { warningId: res.warningId, duplicate: true });
    await barrier(nbOp);
    await send(auditor, 'instruction:templates');
    assert.equal(nbGot.filter((w) => w.id === res.warningId).length, 0);
    assert.equal(auditorGot.length, 0, 'the audit admin sees no operational data (三权分立)');

    assert.equal(failure(await send(nbOp, 'warning:ack', { warningId: res.warningId })).code, 'ERR_NOT_FOUND');
    assert.ok(!ok(await send(nbOp, 'warning:list', {})).some((w) => w.id === res.warningId));
    assert.ok(ok(await send(hzOp, 'warning:list', { open: true })).some((w) => w.id === res.warningId));

    const updated = nextEvent(xihuOp, 'warning:updated', (w) => w.id === res.warningId);
    const acked = ok(await send(hzOp, 'warning:ack', { warningId: res.warningId }));
    assert.equal(acked.acknowledgedBy?.name, 'hz.operator');
    assert.ok((await updated).acknowledgedAt);
    assert.ok(!ok(await send(hzOp, 'warning:list', { open: true })).some((w) => w.id === res.warningId));
    const audit = await server.store.db.selectFrom('audit_log').select('action').where('target_id', '=', res.warningId).orderBy('seq').execute();
    assert.deepEqual(audit.map((a) => a.action), ['sos.raise', 'warning.ack']);
  });

  test('an officer in no team still raises SOS, for their own court', async () => {
    const highOp = await console_('h.operator');
    const field = await terminal('h.field');
    const seen = nextEvent(highOp, 'warning:raised', (w) => w.kind === 'sos' && w.raisedBy?.name === 'h.field');
    const res = ok(await send(field, 'sos:raise', { clientKey: randomUUID() }));
    const w = await seen;
    assert.equal(w.id, res.warningId);
    assert.equal(w.courtId, COURTS.high.id);
    assert.equal(w.teamId, null);
  });

  test('a dispatcher may not issue to a team outside their court branch, nor to an unknown team: ERR_FORBIDDEN, nothing stored', async () => {
    const dispatcher = await console_('haishu.dispatcher');
    const clientKey = randomUUID();
    for (const teamIds of [[xihuTeam], [haishuTeam, xihuTeam], ['no-such-team']]) {
      const res = await send(dispatcher, 'instruction:issue', { clientKey, teamIds, template: 'go_now', priority: 'normal' });
      assert.equal(failure(res).code, 'ERR_FORBIDDEN');
    }
    const rows = await server.store.db.selectFrom('instructions').select('id').where('client_key', '=', clientKey).execute();
    assert.equal(rows.length, 0);
  });

  test('field officers, operators and administrators cannot issue; consoles cannot step instructions or raise SOS', async () => {
    const m = (): IssueInstruction => ({ clientKey: randomUUID(), teamIds: [xihuTeam], template: 'go_now', priority: 'normal' });
    const field = await terminal('xihu.field');
    assert.equal(failure(await send(field, 'instruction:issue', m())).code, 'ERR_FORBIDDEN');
    for (const u of ['xihu.operator', 'h.auditadmin']) {
      const s = await console_(u);
      assert.equal(failure(await send(s, 'instruction:issue', m())).code, 'ERR_FORBIDDEN', u);
    }
    // A field officer's account is no console: the handshake itself is refused.
    await assert.rejects(console_('xihu.field'), (err: Error & { data?: { code: string } }) => err.data?.code === 'ERR_FORBIDDEN');
    const op = await console_('hz.operator');
    assert.equal(failure(await send(op, 'instruction:ack', { instructionId: randomUUID() })).code, 'ERR_FORBIDDEN');
    assert.equal(failure(await send(op, 'sos:raise', { clientKey: randomUUID() })).code, 'ERR_FORBIDDEN');
    assert.equal(failure(await send(field, 'warning:list', {})).code, 'ERR_FORBIDDEN');
    assert.equal(failure(await send(field, 'instruction:templates')).code, 'ERR_FORBIDDEN');
    assert.equal(field.connected && op.connected, true);
  });

  test('malformed payloads are answered ERR_BAD_MESSAGE naming the field, and the connection stays up', async () => {
    const dispatcher = await console_('h.dispatcher');
    const field = await terminal('xihu.field');
    const key = () => randomUUID();
    const missing = failure(await send(dispatcher, 'instruction:issue', { clientKey: key(), template: 'go_now', priority: 'normal' }));
    assert.deepEqual([missing.code, /teamIds/.test(missing.message)], ['ERR_BAD_MESSAGE', true]);
    const cases: [TestSocket, string, unknown, RegExp][] = [
      [dispatcher, 'instruction:issue', { clientKey: key(), template: 'go_now', priority: 'normal' }, /teamIds/],
      [dispatcher, 'instruction:issue', { clientKey: key(), teamIds: [xihuTeam], template: 'go_now', priority: 'asap' }, /\/priority/],
      [dispatcher, 'instruction:issue', { clientKey: key(), teamIds: Array.from({ length: 51 }, () => randomUUID()), text: 'x', priority: 'normal' }, /\/teamIds/],
      [dispatcher, 'instruction:issue', { clientKey: key(), teamIds: [xihuTeam, xihuTeam], text: 'x', priority: 'normal' }, /\/teamIds/],
      [dispatcher, 'instruction:issue', { clientKey: key(), teamIds: [xihuTeam], template: 'go_now', text: '也有文字', priority: 'normal' }, /\/text/],
      [dispatcher, 'instruction:issue', { clientKey: key(), teamIds: [xihuTeam], template: 'fly_away', priority: 'normal' }, /\/template/],
      [dispatcher, 'instruction:issue', { clientKey: key(), teamIds: [xihuTeam], priority: 'normal' }, /\/text/],
      [dispatcher, 'instruction:issue', { clientKey: key(), teamIds: [xihuTeam], text: 'x', priority: 'normal', extra: 1 }, /extra/],
      [dispatcher, 'instruction:issue', 'garbage', /instruction:issue/],
      [dispatcher, 'warning:ack', { warningId: '' }, /\/warningId/],
      [dispatcher, 'instruction:list', { limit: 1000 }, /\/limit/],
      [field, 'instruction:feedback', { instructionId: randomUUID(), text: 'x'.repeat(2001) }, /\/text/],
      [field, 'instruction:feedback', { instructionId: randomUUID(), text: '好', photo: 'data:image/gif;base64,R0lGOD' }, /\/photo/],
      [field, 'instruction:refuse', { instructionId: randomUUID() }, /reason/],
      [field, 'sos:raise', { clientKey: key(), position: { lng: 120, lat: 200 } }, /\/position\/lat/],
      [field, 'sos:raise', {}, /clientKey/],
    ];
    for (const [socket, event, payload, field_] of cases) {
      // Deliberately malformed: sent past the event map's types.
      const emitter = socket.timeout(ACK_TIMEOUT) as unknown as { emitWithAck(e: string, p: unknown): Promise<Ack<unknown>> };
      const res = failure(await emitter.emitWithAck(event, payload));
      assert.equal(res.code, 'ERR_BAD_MESSAGE', `${event} ${JSON.stringify(payload).slice(0, 80)}`);
      assert.match(res.message, field_, `${event}: ${res.message}`);
    }
    // A photo that passes the schema but is no JPEG is refused by content.
    const id = await issue(dispatcher, { teamIds: [xihuTeam], template: 'report_status' });
    ok(await send(field, 'instruction:ack', { instructionId: id }));
    const fake = `data:image/jpeg;base64,${Buffer.from('not a picture at all').toString('base64')}`;
    const bad = failure(await send(field, 'instruction:feedback', { instructionId: id, text: '见照片', photo: fake }));
    assert.equal(bad.code, 'ERR_BAD_MESSAGE');
    assert.match(bad.message, /\/photo/);

    assert.equal(dispatcher.connected, true);
    assert.equal(field.connected, true);
    ok(await send(dispatcher, 'instruction:list', {}));
    ok(await send(field, 'instruction:list', {}));
  });
});
