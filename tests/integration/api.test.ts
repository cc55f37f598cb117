import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, test } from 'vitest';
import { AuditLog } from '../../server/audit/AuditLog.ts';
import { login, startServer, type RunningServer } from '../support/server.ts';
import { COURTS, PASSWORD } from '../support/world.ts';
import { postgresUnavailable, startPostgres } from '../support/postgres.ts';
import { skipTitle } from '../support/skip.ts';

// The same API tests on the embedded SQLite and on a real PostgreSQL: the same queries run on both.
apiSuite('REST API on SQLite', async () => ({ server: await startServer(), stop: async () => undefined }), false);
apiSuite(
  'REST API on PostgreSQL',
  async () => {
    const pg = await startPostgres();
    return { server: await startServer({ DATABASE_URL: pg.url }), stop: () => pg.stop() };
  },
  postgresUnavailable() ?? false,
);

function apiSuite(label: string, start: () => Promise<{ server: RunningServer; stop: () => Promise<void> }>, skip: string | false): void {
describe.skipIf(skip)(skipTitle(label, skip), () => {
  let server: RunningServer;
  let stopDatabase: () => Promise<void> = async () => undefined;
  const auth = (token: string) => ({ authorization: `Bearer ${token}` });
  let hzLeader: string;
  let auditor: string;
  beforeAll(async () => {
    ({ server, stop: stopDatabase } = await start());
    hzLeader = await login(server, 'hz.leader');
    auditor = await login(server, 'h.auditadmin');
  });
  afterAll(async () => {
    await server?.close();
    await stopDatabase();
  });

  test('POST /api/auth/login sets an HttpOnly SameSite=Strict session cookie that authenticates GET /api/auth/me', async () => {
    const res = await server.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'xihu.operator', password: PASSWORD } });
    assert.equal(res.statusCode, 200);
    const cookie = res.cookies.find((c) => c.name === 'cc_session');
    assert.ok(cookie);
    assert.equal(cookie.httpOnly, true);
    assert.equal(cookie.sameSite, 'Strict');
    const me = await server.app.inject({ method: 'GET', url: '/api/auth/me', cookies: { cc_session: cookie.value } });
    assert.equal(me.statusCode, 200);
    assert.equal(me.json().court.name, '杭州市西湖区人民法院');
    assert.equal(me.json().role, 'operator');
  });

  test('POST /api/auth/login answers 400 naming the missing field', async () => {
    const res = await server.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'x' } });
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().code, 'ERR_BAD_REQUEST');
    assert.match(res.json().message, /password/);
  });

  test('POST /api/auth/login answers 400 for malformed JSON', async () => {
    const res = await server.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"username":' });
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().code, 'ERR_BAD_REQUEST');
  });

  test('POST /api/auth/login answers 401 for a wrong password and 423 once locked', async () => {
    for (let i = 0; i < 4; i++) {
      const res = await server.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'xihu.field', password: 'nope' } });
      assert.equal(res.statusCode, 401);
    }
    const locked = await server.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'xihu.field', password: 'nope' } });
    assert.equal(locked.statusCode, 423);
    assert.equal(locked.json().code, 'ERR_ACCOUNT_LOCKED');
    const right = await server.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'xihu.field', password: PASSWORD } });
    assert.equal(right.statusCode, 423);
  });

  test('GET /api/cases answers 400 naming colour when it is not one of the four', async () => {
    const res = await server.app.inject({ method: 'GET', url: '/api/cases?colour=purple', headers: auth(hzLeader) });
    assert.equal(res.statusCode, 400);
    assert.match(res.json().message, /colour/);
  });

  test('GET /api/cases answers 400 ERR_BAD_REQUEST naming bbox when min exceeds max or it leaves the globe', async () => {
    for (const bbox of ['121,30,120,31', '120,31,121,30', '120,30,181,31', '120,30,121,99999999999999999999']) {
      const res = await server.app.inject({ method: 'GET', url: `/api/cases?bbox=${bbox}`, headers: auth(hzLeader) });
      assert.equal(res.statusCode, 400, bbox);
      assert.equal(res.json().code, 'ERR_BAD_REQUEST', bbox);
      assert.match(res.json().message, /^querystring\/bbox: /, bbox);
    }
  });

  test('GET /api/cases answers 400 naming page for 1e999, Infinity and other non-integers, never 500', async () => {
    for (const page of ['1e999', 'Infinity', '-Infinity', 'NaN', '1e3', '0x10', '2.5', '100001']) {
      const res = await server.app.inject({ method: 'GET', url: `/api/cases?page=${page}`, headers: auth(hzLeader) });
      assert.equal(res.statusCode, 400, `page=${page}: ${res.body}`);
      assert.equal(res.json().code, 'ERR_BAD_REQUEST');
      assert.match(res.json().message, /^querystring\/page: /);
    }
    const ok = await server.app.inject({ method: 'GET', url: '/api/cases?page=2&pageSize=1', headers: auth(hzLeader) });
    assert.equal(ok.statusCode, 200);
    assert.equal(ok.json().page, 2);
  });

  test('a REST body or query with an unknown field is refused naming it, not applied as if absent', async () => {
    const query = await server.app.inject({ method: 'GET', url: '/api/cases?colr=red', headers: auth(hzLeader) });
    assert.deepEqual([query.statusCode, query.json().code], [400, 'ERR_BAD_REQUEST']);
    assert.match(query.json().message, /colr/);
    const body = await server.app.inject({ method: 'PUT', url: '/api/cases/case-xihu-2/colour', headers: auth(hzLeader), payload: { colour: 'red', reason: '现场有阻挠', colr: 'green' } });
    assert.deepEqual([body.statusCode, body.json().code], [400, 'ERR_BAD_REQUEST']);
    assert.match(body.json().message, /^body: unknown field\(s\) colr/);
    const login_ = await server.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'xihu.operator', password: PASSWORD, remember: true } });
    assert.equal(login_.statusCode, 400);
    assert.match(login_.json().message, /remember/);
    // Nothing of the refused override was applied.
    const detail = await server.app.inject({ url: '/api/cases/case-xihu-2', headers: auth(hzLeader) });
    assert.equal(detail.json().overrideReason, null);
  });

  test('GET /api/cases answers 400 naming pageSize when above 500', async () => {
    const res = await server.app.inject({ method: 'GET', url: '/api/cases?pageSize=501', headers: auth(hzLeader) });
    assert.equal(res.statusCode, 400);
    assert.match(res.json().message, /pageSize/);
  });

  test('GET /api/cases filters by colour, stage, bbox and overdue, and paginates', async () => {
    const get = async (q: string) => (await server.app.inject({ method: 'GET', url: `/api/cases?${q}`, headers: auth(hzLeader) })).json();
    assert.deepEqual((await get('colour=red')).items.map((c: { id: string }) => c.id), ['case-xihu-1']);
    assert.deepEqual((await get('stage=service')).items.map((c: { id: string }) => c.id), ['case-binjiang-1']);
    const box = `${COURTS.binjiang.lng},${COURTS.binjiang.lat},${COURTS.binjiang.lng + 0.02},${COURTS.binjiang.lat + 0.02}`;
    assert.deepEqual((await get(`bbox=${box}`)).items.map((c: { id: string }) => c.id).sort(), ['case-binjiang-1', 'case-binjiang-2']);
    assert.deepEqual((await get('overdue=true')).items.map((c: { id: string }) => c.id).sort(), ['case-binjiang-1', 'case-xihu-1']);
    const page1 = await get('pageSize=2&page=1');
    const page3 = await get('pageSize=2&page=3');
    assert.equal(page1.total, 5);
    assert.equal(page1.items.length, 2);
    assert.equal(page3.items.length, 1);
  });

  test('GET /api/courts counts active cases by colour and overdue, per court and rolled up', async () => {
    const res = await server.app.inject({ method: 'GET', url: '/api/courts', headers: auth(await login(server, 'h.operator')) });
    const byId = new Map((res.json().items as { id: string; own: unknown; total: unknown }[]).map((c) => [c.id, c]));
    assert.deepEqual(byId.get(COURTS.xihu.id)?.own, { active: 2, byColour: { red: 1, yellow: 0, blue: 0, green: 1 }, overdue: 1 });
    // case-binjiang-1 (信访, blue) is past its node deadline: 节点超期 (blue) joins it, and two blue factors make it yellow.
    assert.deepEqual(byId.get(COURTS.high.id)?.total, { active: 6, byColour: { red: 2, yellow: 2, blue: 0, green: 2 }, overdue: 3 });
  });

  test('GET /api/cases/:id shows the 三色督办 clock of a handed-over case: red, pushed to the county leader', async () => {
    const res = await server.app.inject({ method: 'GET', url: '/api/cases/case-binjiang-2', headers: auth(hzLeader) });
    assert.equal(res.json().supervision.colour, 'red');
    assert.ok(res.json().supervision.elapsedDays > 90);
    assert.ok(res.json().supervision.pushedTo.some((p: string) => p.includes('县级分管领导')));
    const plain = await server.app.inject({ method: 'GET', url: '/api/cases/case-xihu-1', headers: auth(hzLeader) });
    assert.equal(plain.json().supervision, null);
  });

  test('GET /api/cases/:id returns the timeline and reasons; 404 for an unknown id', async () => {
    const res = await server.app.inject({ method: 'GET', url: '/api/cases/case-xihu-1', headers: auth(hzLeader) });
    assert.equal(res.statusCode, 200);
    assert.equal(res.json().courtName, '杭州市西湖区人民法院');
    assert.equal((await server.app.inject({ method: 'GET', url: '/api/cases/nope', headers: auth(hzLeader) })).statusCode, 404);
  });

  test('PUT /api/cases/:id/colour overrides the colour, adds a timeline event and an audit entry; null restores the computed colour', async () => {
    const put = (body: object) => server.app.inject({ method: 'PUT', url: '/api/cases/case-haishu-2/colour', headers: auth(hzLeader), payload: body });
    assert.equal((await put({ colour: 'red', reason: '无权' })).statusCode, 404); // 宁波 case: outside 杭州中院's branch

    const nbLeader = await login(server, 'nb.leader');
    const res = await server.app.inject({ method: 'PUT', url: '/api/cases/case-haishu-2/colour', headers: auth(nbLeader), payload: { colour: 'red', reason: '当事人扬言自伤' } });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().riskColour, 'red');
    assert.equal(res.json().computedColour, 'green');
    assert.ok(res.json().timeline.some((e: { kind: string }) => e.kind === 'colour-override'));
    const entry = await server.store.db.selectFrom('audit_log').selectAll().where('action', '=', 'case.colour-override').orderBy('seq', 'desc').executeTakeFirstOrThrow();
    assert.equal(entry.target_id, 'case-haishu-2');
    assert.equal(JSON.parse(entry.detail).to, 'red');

    const back = await server.app.inject({ method: 'PUT', url: '/api/cases/case-haishu-2/colour', headers: auth(nbLeader), payload: { colour: null, reason: '风险已解除' } });
    assert.equal(back.json().riskColour, 'green');
    assert.equal(back.json().computedColour, null);
  });

  test('PUT /api/cases/:id/colour on an unknown case writes nothing (no event, no audit entry)', async () => {
    const before = await server.store.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const res = await server.app.inject({ method: 'PUT', url: '/api/cases/ghost/colour', headers: auth(hzLeader), payload: { colour: 'red', reason: '测试' } });
    assert.equal(res.statusCode, 404);
    const afterCount = await server.store.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(afterCount.n), Number(before.n));
  });

  test('GET /api/cases/export returns CSV of the caller\'s cases and records the export in the audit trail', async () => {
    const res = await server.app.inject({ method: 'GET', url: `/api/cases/export?court=${COURTS.xihu.id}`, headers: auth(hzLeader) });
    assert.equal(res.statusCode, 200);
    assert.match(res.headers['content-type'] ?? '', /text\/csv/);
    assert.equal(res.body.trim().split('\n').length, 4); // header + 3 西湖 cases
    const entry = await server.store.db.selectFrom('audit_log').selectAll().where('action', '=', 'case.export').orderBy('seq', 'desc').executeTakeFirstOrThrow();
    assert.equal(JSON.parse(entry.detail).rows, 3);
  });

  test('concurrent transactions each append their audit entry and the chain stays whole', async () => {
    const before = await server.store.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    // Side by side, as a pool of PostgreSQL connections runs them: each must get its own sequence number.
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        server.store.db.transaction().execute((trx) => AuditLog.append(trx, { actorUserId: null, actorName: `t${i}`, courtId: null, action: 'test.concurrent' }, new Date())),
      ),
    );
    const afterCount = await server.store.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(afterCount.n) - Number(before.n), 20);
    const verdict = await server.app.inject({ method: 'GET', url: '/api/audit/verify', headers: auth(auditor) });
    assert.equal(verdict.json().ok, true);
  });

  test('GET /api/audit/verify reports ok, then the first broken link after a row is edited in the database', async () => {
    const ok = await server.app.inject({ method: 'GET', url: '/api/audit/verify', headers: auth(auditor) });
    assert.equal(ok.json().ok, true);
    assert.ok(ok.json().checked > 3);
    // The head is witnessed in DATA_DIR/audit-anchors.jsonl (every minute; now, for the test).
    const anchor = await server.anchors.anchor();
    assert.ok(anchor !== null && anchor.seq >= ok.json().checked);
    await server.store.db.updateTable('audit_log').set({ actor_name: 'someone-else' }).where('seq', '=', 2).execute();
    const broken = await server.app.inject({ method: 'GET', url: '/api/audit/verify', headers: auth(auditor) });
    const { anchoredThrough, ...verdict } = broken.json() as { anchoredThrough: number | null };
    assert.deepEqual(verdict, { ok: false, checked: 1, firstBroken: { seq: 2, reason: 'hash-mismatch' } });
    assert.equal(anchoredThrough, anchor.seq, 'the route read the anchor file');
  });

});
}
