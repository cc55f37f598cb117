import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, test } from 'vitest';
import type { ChatMessage, SendChat } from '../../protocol/chat.ts';
import { teamOf } from '../support/dispatch.ts';
import { nextEvent } from '../support/once.ts';
import { postgresUnavailable, startPostgres } from '../support/postgres.ts';
import { collect, failure, ok, send } from '../support/requests.ts';
import { skipTitle } from '../support/skip.ts';
import { connectClient, login, startServer, type RunningServer, type TestSocket } from '../support/server.ts';
import { ACTIONS, COURTS } from '../support/world.ts';

// Action chat (一案一群) over real sockets, on both stores: messages among the terminals of an
// action's teams and the consoles following it, stored in commit order, delivered at least once
// (a terminal back from offline asks chat:list { after } and gets what it missed), idempotent per
// sender and clientKey, photos by id, every message audited with its photo's hash.

/** A real JPEG's first bytes and some filler: the server checks the signature, not the picture. */
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2_000, 0x42)]);
const PHOTO = `data:image/jpeg;base64,${JPEG.toString('base64')}`;

chatSuite('action chat on SQLite', async () => ({ server: await startServer(), stop: async () => undefined }), false);
chatSuite(
  'action chat on PostgreSQL',
  async () => {
    const pg = await startPostgres();
    return { server: await startServer({ DATABASE_URL: pg.url }), stop: () => pg.stop() };
  },
  postgresUnavailable() ?? false,
);

function chatSuite(label: string, start: () => Promise<{ server: RunningServer; stop: () => Promise<void> }>, skip: string | false): void {
  describe.skipIf(skip)(skipTitle(label, skip), () => {
    let server: RunningServer;
    let stopDatabase: () => Promise<void> = async () => undefined;
    let xihuTeam: string;
    let haishuTeam: string;
    const sockets: TestSocket[] = [];
    const actionId = ACTIONS.xihu.id;

    beforeAll(async () => {
      ({ server, stop: stopDatabase } = await start());
      xihuTeam = await teamOf(server, 'xihu');
      haishuTeam = await teamOf(server, 'haishu');
      const dispatcher = await console_('h.dispatcher');
      ok(await send(dispatcher, 'action:assign', { actionId, teamIds: [xihuTeam] }));
    });
    afterAll(async () => {
      for (const s of sockets) s.disconnect();
      await server?.close();
      await stopDatabase();
    });

    async function console_(username: string, follow = false): Promise<TestSocket> {
      const s = await connectClient(server.url, { client: 'console', token: await login(server, username) });
      sockets.push(s);
      if (follow) ok(await send(s, 'action:follow', { actionId }));
      return s;
    }
    async function terminal(username: string, terminalId: string = randomUUID()): Promise<TestSocket> {
      const s = await connectClient(server.url, { client: 'field', token: await login(server, username), terminalId });
      sockets.push(s);
      return s;
    }
    const message = (m: Omit<SendChat, 'clientKey'> & { clientKey?: string }): SendChat => ({ clientKey: randomUUID(), ...m });
    async function post(s: TestSocket, m: Omit<SendChat, 'clientKey' | 'actionId'> & { clientKey?: string }): Promise<ChatMessage> {
      return ok(await send(s, 'chat:send', message({ actionId, ...m })));
    }

    test('chat:send from a console reaches the action\'s terminals and following consoles; a terminal\'s answer names its team', async () => {
      const leader = await console_('hz.leader', true);
      const field = await terminal('xihu.field');
      const heardByField = nextEvent(field, 'chat:new', (m) => m.text === '十分钟后到场，注意安全');
      const sent = await post(leader, { text: '十分钟后到场，注意安全' });
      assert.deepEqual(
        { ...sent, id: 0, sentAt: '' },
        {
          id: 0,
          actionId,
          sentAt: '',
          sender: { userId: sent.sender.userId, name: 'hz.leader', role: 'leader', courtId: COURTS.hz.id, courtName: COURTS.hz.short, teamId: null, teamName: null },
          text: '十分钟后到场，注意安全',
          hasPhoto: false,
        },
      );
      assert.deepEqual(await heardByField, sent);

      const heardByLeader = nextEvent(leader, 'chat:new', (m) => m.text === '收到，已出发');
      const reply = await post(field, { text: '收到，已出发' });
      assert.deepEqual([reply.sender.name, reply.sender.role, reply.sender.teamId, reply.sender.teamName], ['xihu.field', 'field_officer', xihuTeam, '执行一组']);
      assert.ok(reply.id > sent.id, 'ids follow the order messages were stored');
      assert.deepEqual(await heardByLeader, reply);

      // Both sides read the same history, oldest first.
      for (const s of [leader, field]) {
        const list = ok(await send(s, 'chat:list', { actionId }));
        assert.deepEqual(list.slice(-2), [sent, reply]);
      }
    });

    test('a terminal that was offline gets every message it missed on reconnecting (chat:list after its last id), paged', async () => {
      const dispatcher = await console_('h.dispatcher', true);
      const terminalId = randomUUID();
      let field = await terminal('xihu.field', terminalId);
      const seen = ok(await send(field, 'chat:list', { actionId }));
      const lastId = seen.at(-1)?.id ?? 0;
      field.disconnect();

      const missed = [await post(dispatcher, { text: '增援已出发' }), await post(dispatcher, { text: '注意被执行人情绪' }), await post(dispatcher, { text: '全程录像' })];
      field = await terminal('xihu.field', terminalId);
      // As the field page does on session:ready: ask from the last id held, a page at a time, until a page comes back short.
      const got: ChatMessage[] = [];
      for (let after = lastId; ; ) {
        const page = ok(await send(field, 'chat:list', { actionId, after, limit: 2 }));
        got.push(...page);
        if (page.length < 2) break;
        after = page.at(-1)?.id ?? assert.fail('empty page');
      }
      assert.deepEqual(got, missed);
      // Live again: the next one comes as chat:new.
      const live = nextEvent(field, 'chat:new');
      const next = await post(dispatcher, { text: '到场后报告' });
      assert.deepEqual(await live, next);
    });

    test('chat:send is idempotent per sender and clientKey: a resend answers the first message, stored, audited and delivered once', async () => {
      const leader = await console_('hz.leader', true);
      const field = await terminal('xihu.field');
      const heard = collect(leader, 'chat:new');
      const m = message({ actionId, text: '网络不好，重发一次' });
      const delivered = nextEvent(leader, 'chat:new', (x) => x.text === m.text);
      const first = ok(await send(field, 'chat:send', m));
      const again = ok(await send(field, 'chat:send', m));
      // A resend with the same key but other text is still the first message (the key names the message).
      const other = ok(await send(field, 'chat:send', { ...m, text: '改过的文字' }));
      assert.deepEqual([again, other], [first, first]);
      assert.equal((await delivered).id, first.id);
      // A round trip after the resends: a second chat:new would have arrived before its answer.
      await send(leader, 'chat:list', { actionId, after: first.id });
      assert.deepEqual(heard.filter((x) => x.id === first.id).length, 1);
      const rows = await server.store.db.selectFrom('chat_messages').select('id').where('client_key', '=', m.clientKey).execute();
      assert.equal(rows.length, 1);
      const audit = await server.store.db.selectFrom('audit_log').select('detail').where('action', '=', 'chat.send').execute();
      assert.equal(audit.filter((a) => JSON.parse(a.detail).clientKey === m.clientKey).length, 1);
    });

    test('a photo travels by id: hasPhoto on the message, chat:photo answers the same data: URL, the audit holds its SHA-256 only', async () => {
      const leader = await console_('hz.leader', true);
      const field = await terminal('xihu.field');
      const heard = nextEvent(leader, 'chat:new', (m) => m.hasPhoto);
      const sent = await post(field, { text: '现场照片', photo: PHOTO });
      const got = await heard;
      assert.deepEqual([got.id, got.hasPhoto, got.text], [sent.id, true, '现场照片']);
      assert.equal(JSON.stringify(got).includes('base64'), false, 'the message does not carry the photo');
      for (const s of [leader, field]) assert.deepEqual(ok(await send(s, 'chat:photo', { messageId: sent.id })), { photo: PHOTO });
      const photoOnly = await post(field, { photo: PHOTO });
      assert.deepEqual([photoOnly.text, photoOnly.hasPhoto], [null, true]);
      const textOnly = await post(field, { text: '无照片' });
      assert.equal(failure(await send(leader, 'chat:photo', { messageId: textOnly.id })).code, 'ERR_NOT_FOUND');
      assert.equal(failure(await send(leader, 'chat:photo', { messageId: 9_999_999 })).code, 'ERR_NOT_FOUND');

      const audit = await server.store.db.selectFrom('audit_log').select(['actor_name', 'target_type', 'target_id', 'detail']).where('action', '=', 'chat.send').orderBy('seq').execute();
      const entry = audit.find((a) => JSON.parse(a.detail).messageId === sent.id) ?? assert.fail('no audit entry');
      assert.deepEqual([entry.actor_name, entry.target_type, entry.target_id], ['xihu.field', 'action', actionId]);
      assert.deepEqual(JSON.parse(entry.detail), { messageId: sent.id, teamId: xihuTeam, text: '现场照片', photoSha256: createHash('sha256').update(JPEG).digest('hex'), clientKey: JSON.parse(entry.detail).clientKey });
      assert.equal(entry.detail.includes('base64'), false);
    });

    test('a sibling court (宁波, 海曙) is refused everything and hears nothing; operators read but may not post; admins and officers off the action are refused', async () => {
      const xihuMessage = await post(await terminal('xihu.field'), { text: '只给本案', photo: PHOTO });
      const nbLeader = await console_('nb.leader');
      const haishuDispatcher = await console_('haishu.dispatcher');
      const haishuField = await terminal('haishu.field');
      const outsiders = [nbLeader, haishuDispatcher, haishuField];
      const heard = outsiders.map((s) => collect(s, 'chat:new'));
      for (const s of outsiders) {
        assert.equal(failure(await send(s, 'chat:list', { actionId })).code, 'ERR_NOT_FOUND');
        assert.equal(failure(await send(s, 'chat:send', message({ actionId, text: '越权' }))).code, 'ERR_NOT_FOUND');
        assert.equal(failure(await send(s, 'chat:photo', { messageId: xihuMessage.id })).code, 'ERR_NOT_FOUND');
      }
      assert.equal(failure(await send(nbLeader, 'action:follow', { actionId })).code, 'ERR_NOT_FOUND');

      // Messages keep flowing in 西湖's action; none reaches 宁波.
      const leader = await console_('hz.leader', true);
      const arrived = nextEvent(leader, 'chat:new', (m) => m.text === '宁波听不到');
      await post(leader, { text: '宁波听不到' });
      await arrived;
      for (const s of outsiders) await send(s, 'chat:list', { actionId });
      assert.deepEqual(heard, [[], [], []]);

      const operator = await console_('hz.operator', true);
      assert.ok(ok(await send(operator, 'chat:list', { actionId })).length > 0, 'an operator reads');
      assert.equal(failure(await send(operator, 'chat:send', message({ actionId, text: '值班员' }))).code, 'ERR_FORBIDDEN');
      assert.deepEqual(ok(await send(operator, 'chat:photo', { messageId: xihuMessage.id })), { photo: PHOTO });
      const admin = await console_('h.sysadmin');
      assert.equal(failure(await send(admin, 'chat:list', { actionId })).code, 'ERR_FORBIDDEN');
      const noTeam = await terminal('h.field');
      assert.equal(failure(await send(noTeam, 'chat:list', { actionId })).code, 'ERR_NOT_FOUND');
      assert.equal(failure(await send(noTeam, 'chat:send', message({ actionId, text: '我不在组里' }))).code, 'ERR_NOT_FOUND');
      assert.equal(failure(await send(leader, 'chat:list', { actionId: 'no-such-action' })).code, 'ERR_NOT_FOUND');
    });

    test('a team lent by 宁波: its officer takes part; receivers that may not see 海曙 are not told the team, the high court is', async () => {
      const dispatcher = await console_('h.dispatcher', true);
      const hzLeader = await console_('hz.leader', true);
      ok(await send(dispatcher, 'action:assign', { actionId, teamIds: [xihuTeam, haishuTeam] }));
      try {
        const lent = await terminal('haishu.field');
        const xihu = await terminal('xihu.field');
        const byHigh = nextEvent(dispatcher, 'chat:new', (m) => m.text === '海曙组已到');
        const byHz = nextEvent(hzLeader, 'chat:new', (m) => m.text === '海曙组已到');
        const byXihu = nextEvent(xihu, 'chat:new', (m) => m.text === '海曙组已到');
        const sent = await post(lent, { text: '海曙组已到' });
        assert.deepEqual([sent.sender.teamId, sent.sender.courtName], [haishuTeam, COURTS.haishu.short]);
        assert.equal((await byHigh).sender.teamId, haishuTeam);
        for (const m of [await byHz, await byXihu]) assert.deepEqual([m.id, m.sender.teamId, m.sender.teamName, m.sender.name], [sent.id, null, null, 'haishu.field']);
        const listed = ok(await send(hzLeader, 'chat:list', { actionId, after: sent.id - 1 }));
        assert.deepEqual(listed[0]?.sender.teamId, null);
      } finally {
        ok(await send(dispatcher, 'action:assign', { actionId, teamIds: [xihuTeam] }));
      }
      const released = await terminal('haishu.field');
      assert.equal(failure(await send(released, 'chat:list', { actionId })).code, 'ERR_NOT_FOUND');
    });

    test('bad payloads are answered ERR_BAD_MESSAGE naming the field, and nothing is stored', async () => {
      const field = await terminal('xihu.field');
      const before = await server.store.db.selectFrom('chat_messages').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      const png = `data:image/png;base64,${JPEG.toString('base64')}`;
      const cases: [string, unknown, RegExp][] = [
        ['chat:send', { clientKey: randomUUID(), text: 'x' }, /actionId/],
        ['chat:send', { actionId, text: 'x' }, /clientKey/],
        ['chat:send', message({ actionId, text: 'x'.repeat(2001) }), /\/text/],
        ['chat:send', message({ actionId, text: '' }), /\/text/],
        ['chat:send', message({ actionId, text: '   \n ' }), /\/text/],
        ['chat:send', message({ actionId }), /\/text/],
        ['chat:send', message({ actionId, text: 'a\ud800b' }), /\/text/],
        ['chat:send', message({ actionId, photo: png }), /\/photo/],
        ['chat:send', message({ actionId, photo: 'data:image/gif;base64,R0lGOD' }), /\/photo/],
        ['chat:send', { ...message({ actionId, text: 'x' }), extra: 1 }, /extra/],
        ['chat:list', { actionId, after: -1 }, /\/after/],
        ['chat:list', { actionId, limit: 0 }, /\/limit/],
        ['chat:list', { actionId, limit: 201 }, /\/limit/],
        ['chat:photo', { messageId: '1' }, /\/messageId/],
        ['chat:photo', {}, /messageId/],
      ];
      for (const [event, payload, field_] of cases) {
        const res = failure(await send(field, event as 'chat:send', payload as SendChat));
        assert.equal(res.code, 'ERR_BAD_MESSAGE', `${event} ${JSON.stringify(payload).slice(0, 80)}: ${res.message}`);
        assert.match(res.message, field_, `${event}: ${res.message}`);
      }
      const after = await server.store.db.selectFrom('chat_messages').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      assert.equal(Number(after.n), Number(before.n));
    });

    test('a finished action\'s chat is closed for posting and still read; every message is in the audit chain, which verifies', async () => {
      const dispatcher = await console_('h.dispatcher', true);
      ok(await send(dispatcher, 'action:status', { actionId, status: 'ongoing' }));
      await post(dispatcher, { text: '行动开始' });
      ok(await send(dispatcher, 'action:status', { actionId, status: 'finished' }));
      assert.equal(failure(await send(dispatcher, 'chat:send', message({ actionId, text: '行动结束后' }))).code, 'ERR_INVALID_STATE');
      const list = ok(await send(dispatcher, 'chat:list', { actionId, limit: 200 }));
      assert.equal(list.at(-1)?.text, '行动开始');
      const field = await terminal('xihu.field');
      assert.equal(ok(await send(field, 'chat:list', { actionId, limit: 200 })).length, list.length, 'its officers still read it');

      const stored = await server.store.db.selectFrom('chat_messages').select('id').where('action_id', '=', actionId).execute();
      const audited = await server.store.db.selectFrom('audit_log').select('detail').where('action', '=', 'chat.send').execute();
      assert.deepEqual(audited.map((a) => JSON.parse(a.detail).messageId).sort((a, b) => a - b), stored.map((r) => Number(r.id)).sort((a, b) => a - b));
      const res = await server.app.inject({ url: '/api/audit/verify', headers: { authorization: `Bearer ${await login(server, 'h.auditadmin')}` } });
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual([res.json().ok, res.json().firstBroken], [true, null]);
    });
  });
}
