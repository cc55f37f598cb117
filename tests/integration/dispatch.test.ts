import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Ack } from '../../protocol/errors.ts';
import type { ClientToServerEvents, ServerToClientEvents } from '../../protocol/events.ts';
import { PHOTO_MAX_BYTES, type InstructionView, type IssueInstruction } from '../../protocol/instruction.ts';
import { nextEvent } from '../support/once.ts';
import { connectClient, login, startServer, type RunningServer, type TestSocket } from '../support/server.ts';
import { COURTS, type CourtKey } from '../support/world.ts';

const ACK_TIMEOUT = 3_000;

type Requests = ClientToServerEvents;
type Payload<E extends keyof Requests> = Parameters<Requests[E]> extends [infer P, unknown] ? [P] : [];
type AckValue<E extends keyof Requests> = Parameters<Requests[E]> extends [...unknown[], (a: Ack<infer V>) => void] ? V : never;

/** One request with its deadline, typed by the event map (Socket.IO's timeout() typing loses the answer's type). */
function send<E extends keyof Requests>(socket: TestSocket, event: E, ...payload: Payload<E>): Promise<Ack<AckValue<E>>> {
  const emitter = socket.timeout(ACK_TIMEOUT) as unknown as { emitWithAck(e: string, ...args: unknown[]): Promise<Ack<AckValue<E>>> };
  return emitter.emitWithAck(event, ...payload);
}

function ok<T>(res: Ack<T>): T {
  if (!res.ok) assert.fail(`expected ok, got ${res.code}: ${res.message}`);
  return res.value;
}

function failure(res: Ack<unknown>): { code: string; message: string } {
  if (res.ok) assert.fail(`expected a refusal, got ${JSON.stringify(res.value)}`);
  return { code: res.code, message: res.message };
}

/** Every payload of `event` the socket hears from now on. */
function collect<E extends keyof ServerToClientEvents>(socket: TestSocket, event: E): Parameters<ServerToClientEvents[E]>[0][] {
  const got: Parameters<ServerToClientEvents[E]>[0][] = [];
  const s = socket as unknown as { on(e: string, l: (p: Parameters<ServerToClientEvents[E]>[0]) => void): void };
  s.on(event, (p) => got.push(p));
  return got;
}

/** A round trip on `socket`: everything the server sent it before answering has arrived. */
async function barrier(socket: TestSocket): Promise<void> {
  await send(socket, 'instruction:list', {});
}

async function teamOf(server: RunningServer, court: CourtKey): Promise<string> {
  const row = await server.store.db.selectFrom('teams').select('id').where('court_id', '=', COURTS[court].id).executeTakeFirstOrThrow();
  return row.id;
}

const JPEG = `data:image/jpeg;base64,${Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2_000, 7)]).toString('base64')}`;

describe('dispatch: instructions, warnings and SOS over real sockets', () => {
  let server: RunningServer;
  /** The dispatch clock runs this far ahead of real time. */
  let offsetMs = 0;
  const tokens = new Map<string, string>();
  const sockets: TestSocket[] = [];
  let xihuTeam: string;
  let haishuTeam: string;

  before(async () => {
    server = await startServer({}, { now: () => new Date(Date.now() + offsetMs) });
    for (const u of ['h.dispatcher', 'h.operator', 'h.field', 'h.auditadmin', 'hz.leader', 'hz.operator', 'xihu.operator', 'xihu.field', 'xihu.teamlead', 'nb.operator', 'haishu.dispatcher', 'haishu.field']) {
      tokens.set(u, await login(server, u));
    }
    xihuTeam = await teamOf(server, 'xihu');
    haishuTeam = await teamOf(server, 'haishu');
  });
  after(async () => {
    for (const s of sockets) s.disconnect();
    await server.close();
  });

  const token = (u: string) => tokens.get(u) ?? assert.fail(`no token for ${u}`);
  async function console_(username: string): Promise<TestSocket> {
    const s = await connectClient(server.url, { client: 'console', token: token(username) });
    sockets.push(s);
    return s;
  }
  async function terminal(username: string, opts: { terminalId?: string; listen?: (s: TestSocket) => void } = {}): Promise<TestSocket> {
    const s = await connectClient(
      server.url,
      { client: 'field', token: token(username), terminalId: opts.terminalId ?? randomUUID() },
      opts.listen ? { listen: opts.listen } : {},
    );
    sockets.push(s);
    return s;
  }
  async function issue(socket: TestSocket, m: Partial<IssueInstruction> & { teamIds: string[] }): Promise<string> {
    const res = await send(socket, 'instruction:issue', { clientKey: randomUUID(), priority: 'urgent', ...(m.text === undefined ? { template: 'go_now' } : {}), ...m });
    return ok(res).instructionId;
  }

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
    await terminal('haishu.field', { listen: (s) => (replayed = nextEvent(s, 'instruction:new', (v) => v.id === id)) });
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
    // A field officer's account on a console client is still no terminal.
    const fieldOnConsole = await console_('xihu.field');
    assert.equal(failure(await send(fieldOnConsole, 'sos:raise', { clientKey: randomUUID() })).code, 'ERR_FORBIDDEN');
    const op = await console_('hz.operator');
    assert.equal(failure(await send(op, 'instruction:ack', { instructionId: randomUUID() })).code, 'ERR_FORBIDDEN');
    assert.equal(failure(await send(op, 'sos:raise', { clientKey: randomUUID() })).code, 'ERR_FORBIDDEN');
    assert.equal(failure(await send(field, 'warning:list', {})).code, 'ERR_FORBIDDEN');
    assert.equal(failure(await send(field, 'instruction:templates')).code, 'ERR_FORBIDDEN');
    assert.equal(field.connected && op.connected, true);
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
  after(() => rmSync(dataDir, { recursive: true, force: true }));

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
        { listen: (s) => (replayed = nextEvent(s, 'instruction:new', (v) => v.id === id)) },
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
