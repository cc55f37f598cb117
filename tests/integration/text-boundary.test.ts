// Lone UTF-16 surrogates at every audited text field, on SQLite and on PostgreSQL: the boundary
// refuses them by name (HTTP and sockets alike) and the audit chain still verifies afterwards.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, test } from 'vitest';
import { AuditLog } from '../../server/audit/AuditLog.ts';
import { Store, type StoreOptions } from '../../server/store/Store.ts';
import { teamOf } from '../support/dispatch.ts';
import { postgresDatabases, postgresUnavailable, startPostgres } from '../support/postgres.ts';
import { failure, ok, send } from '../support/requests.ts';
import { connectClient, login, startServer, type RunningServer, type TestSocket } from '../support/server.ts';
import { PASSWORD } from '../support/world.ts';
import { skipTitle } from '../support/skip.ts';

const LONE_HIGH = '\ud800';
const LONE_LOW = 'a\udc00b';
const ILL_FORMED = /lone UTF-16 surrogate/;

textSuite('text boundary on SQLite', async () => ({ server: await startServer(), stop: async () => undefined }), false);
textSuite(
  'text boundary on PostgreSQL',
  async () => {
    const pg = await startPostgres();
    return { server: await startServer({ DATABASE_URL: pg.url }), stop: () => pg.stop() };
  },
  postgresUnavailable() ?? false,
);

function textSuite(label: string, start: () => Promise<{ server: RunningServer; stop: () => Promise<void> }>, skip: string | false): void {
  describe.skipIf(skip)(skipTitle(label, skip), () => {
    let server: RunningServer;
    let stopDatabase: () => Promise<void> = async () => undefined;
    let leader: TestSocket;
    let field: TestSocket;
    let xihuTeam: string;
    const sockets: TestSocket[] = [];
    const bearer = async (u: string) => ({ authorization: `Bearer ${await login(server, u)}` });

    beforeAll(async () => {
      ({ server, stop: stopDatabase } = await start());
      xihuTeam = await teamOf(server, 'xihu');
      leader = await connectClient(server.url, { client: 'console', token: await login(server, 'hz.leader') });
      field = await connectClient(server.url, { client: 'field', token: await login(server, 'xihu.field'), terminalId: randomUUID() });
      sockets.push(leader, field);
    });
    afterAll(async () => {
      for (const s of sockets) s.disconnect();
      await server?.close();
      await stopDatabase();
    });

    async function verifyChain(): Promise<{ ok: boolean; checked: number; firstBroken: unknown }> {
      const res = await server.app.inject({ url: '/api/audit/verify', headers: await bearer('h.auditadmin') });
      assert.equal(res.statusCode, 200, res.body);
      return res.json();
    }

    test('POST /api/auth/login with a lone surrogate in username or password is 400 naming the field, and the chain still verifies', async () => {
      for (const [field_, payload] of [
        ['body/username', { username: LONE_HIGH, password: 'x' }],
        ['body/password', { username: 'xihu.operator', password: LONE_LOW }],
      ] as const) {
        const res = await server.app.inject({ method: 'POST', url: '/api/auth/login', payload });
        assert.equal(res.statusCode, 400, res.body);
        assert.equal(res.json().code, 'ERR_BAD_REQUEST');
        assert.match(res.json().message, new RegExp(`^${field_}: `));
        assert.match(res.json().message, ILL_FORMED);
      }
      // A well-formed failed login is still audited, after the refused ones.
      const wrong = await server.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: '不存在的用户', password: PASSWORD } });
      assert.equal(wrong.statusCode, 401);
      const chain = await verifyChain();
      assert.equal(chain.ok, true, JSON.stringify(chain));
      assert.ok(chain.checked > 0);
    });

    test('PUT /api/cases/:id/colour with a lone surrogate in the reason is 400 body/reason', async () => {
      const res = await server.app.inject({
        method: 'PUT',
        url: '/api/cases/case-xihu-2/colour',
        headers: await bearer('hz.leader'),
        payload: { colour: 'red', reason: `人工调整${LONE_HIGH}` },
      });
      assert.equal(res.statusCode, 400, res.body);
      assert.match(res.json().message, /^body\/reason: .*lone UTF-16 surrogate/);
    });

    test('instruction text, feedback, refuse reason and SOS text with lone surrogates are refused by name over the socket', async () => {
      const issued = failure(await send(leader, 'instruction:issue', { clientKey: randomUUID(), teamIds: [xihuTeam], priority: 'urgent', text: `前往${LONE_HIGH}` }));
      assert.equal(issued.code, 'ERR_BAD_MESSAGE');
      assert.match(issued.message, /^instruction:issue: \/text: .*lone UTF-16 surrogate/);

      const { instructionId } = ok(await send(leader, 'instruction:issue', { clientKey: randomUUID(), teamIds: [xihuTeam], priority: 'urgent', text: '立即前往现场' }));
      const feedback = failure(await send(field, 'instruction:feedback', { instructionId, text: LONE_LOW }));
      assert.match(feedback.message, /^instruction:feedback: \/text: .*lone UTF-16 surrogate/);
      const refused = failure(await send(field, 'instruction:refuse', { instructionId, reason: LONE_HIGH }));
      assert.match(refused.message, /^instruction:refuse: \/reason: .*lone UTF-16 surrogate/);
      const sos = failure(await send(field, 'sos:raise', { clientKey: randomUUID(), text: `救援${LONE_HIGH}` }));
      assert.match(sos.message, /^sos:raise: \/text: .*lone UTF-16 surrogate/);
      // Nothing of the refused steps was stored: the instruction is still waiting for its team.
      const row = await server.store.db.selectFrom('instruction_targets').select('state').where('instruction_id', '=', instructionId).executeTakeFirstOrThrow();
      assert.equal(row.state, 'issued');
      const chain = await verifyChain();
      assert.equal(chain.ok, true, JSON.stringify(chain));
    });

    test('a handshake whose terminal label holds a lone surrogate is refused with ERR_BAD_MESSAGE naming /label', async () => {
      const token = await login(server, 'xihu.field');
      await assert.rejects(
        connectClient(server.url, { client: 'field', token, terminalId: randomUUID(), label: `执法仪${LONE_HIGH}` }),
        (err: Error & { data?: { code: string } }) => {
          assert.equal(err.data?.code, 'ERR_BAD_MESSAGE');
          assert.match(err.message, /\/label: .*lone UTF-16 surrogate/);
          return true;
        },
      );
    });
  });
}

// Behind the boundaries, the chain hashes exactly what the store keeps (its last guard).
describe('AuditLog with lone surrogates written past the boundary', () => {
  const pg = postgresDatabases('text');
  afterAll(() => pg.stop());
  const dialects: [string, () => Promise<StoreOptions>, string | false][] = [
    ['SQLite', async () => ({ dataDir: ':memory:' }), false],
    ['PostgreSQL', () => pg.fresh(), postgresUnavailable() ?? false],
  ];
  for (const [name, options, skip] of dialects) {
    test.skipIf(skip)(skipTitle(`on ${name}: an entry whose actor, target and detail hold lone surrogates is stored well-formed and verifies`, skip), async () => {
      const store = await Store.open(await options());
      try {
        await store.db.transaction().execute((trx) =>
          AuditLog.append(trx, {
            actorUserId: null,
            actorName: LONE_HIGH,
            courtId: null,
            action: 'auth.login-failed',
            targetType: 'user',
            targetId: LONE_LOW,
            detail: { reason: `原因${LONE_HIGH}` },
            ip: '127.0.0.1',
          }, new Date()),
        );
        await store.db.transaction().execute((trx) => AuditLog.append(trx, { actorUserId: null, actorName: 'next', courtId: null, action: 'auth.login-failed' }, new Date()));
        const row = await store.db.selectFrom('audit_log').selectAll().where('seq', '=', 1).executeTakeFirstOrThrow();
        assert.equal(row.actor_name, '\ufffd');
        assert.equal(row.target_id, 'a\ufffdb');
        assert.deepEqual(JSON.parse(row.detail), { reason: `原因${LONE_HIGH}` });
        assert.deepEqual(await AuditLog.verify(store.db), { ok: true, checked: 2, firstBroken: null, anchoredThrough: null });
      } finally {
        await store.close();
      }
    });
  }
});
