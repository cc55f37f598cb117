import assert from 'node:assert/strict';
import { afterAll, beforeAll, test } from 'vitest';
import { AuditLog } from '../audit/AuditLog.ts';
import { Store } from '../store/Store.ts';
import { AccountLockedError, AuthService, LoginFailedError, UnauthenticatedError } from './AuthService.ts';

let store: Store;
let auth: AuthService;
const T0 = new Date('2026-06-01T01:00:00Z');
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);

beforeAll(async () => {
  store = await Store.open({ dataDir: ':memory:' });
  auth = new AuthService(store.db, { sessionHours: 8, maxFailedLogins: 3, lockoutMinutes: 15, scryptCost: 1024 });
  await store.db
    .insertInto('courts')
    .values({ id: 'c1', name: '测试法院', short_name: '测试', level: 'basic', parent_id: null, case_code: '浙0001', division_code: '330001', lng: 120, lat: 30 })
    .execute();
  await auth.createUser({ username: 'alice', displayName: '甲', courtId: 'c1', role: 'operator', password: 'right-password' });
  await auth.createUser({ username: 'bob', displayName: '乙', courtId: 'c1', role: 'leader', password: 'bobs-password' });
});
afterAll(() => store.close());

test('auth.login() returns a token that authenticate() resolves to the user', async () => {
  const { token, principal } = await auth.login('alice', 'right-password', '127.0.0.1', T0);
  const again = await auth.authenticate(token, minutes(1));
  assert.equal(again.userId, principal.userId);
  assert.equal(again.role, 'operator');
});

test('auth.login() stores only the token hash, never the token', async () => {
  const { token } = await auth.login('alice', 'right-password', null, T0);
  const rows = await store.db.selectFrom('sessions').select('token_hash').execute();
  assert.ok(rows.every((r) => r.token_hash !== token && r.token_hash.length === 64));
});

test('auth.login() rejects a wrong password and an unknown user with the same LoginFailedError', async () => {
  await assert.rejects(auth.login('alice', 'wrong', null, T0), LoginFailedError);
  await assert.rejects(auth.login('nobody', 'wrong', null, T0), LoginFailedError);
  await auth.login('alice', 'right-password', null, T0); // resets the failure count
});

test('auth.login() locks the account after maxFailedLogins failures, even for the right password, until the lockout ends', async () => {
  await assert.rejects(auth.login('bob', 'x', null, T0), LoginFailedError);
  await assert.rejects(auth.login('bob', 'x', null, minutes(1)), LoginFailedError);
  await assert.rejects(auth.login('bob', 'x', null, minutes(2)), AccountLockedError);
  await assert.rejects(auth.login('bob', 'bobs-password', null, minutes(3)), (err: unknown) => {
    assert.ok(err instanceof AccountLockedError);
    assert.equal(err.code, 'ERR_ACCOUNT_LOCKED');
    return true;
  });
  const { principal } = await auth.login('bob', 'bobs-password', null, minutes(18));
  assert.equal(principal.username, 'bob');
});

test('auth.authenticate() rejects an expired session, a revoked one and a made-up token', async () => {
  const { token, principal } = await auth.login('alice', 'right-password', null, T0);
  await assert.rejects(auth.authenticate(token, minutes(8 * 60 + 1)), UnauthenticatedError);
  await auth.logout(principal, null, minutes(1));
  await assert.rejects(auth.authenticate(token, minutes(2)), UnauthenticatedError);
  await assert.rejects(auth.authenticate('made-up', T0), UnauthenticatedError);
  await assert.rejects(auth.authenticate(undefined, T0), UnauthenticatedError);
});

test('every login, failed login, lock and logout is in the audit trail, and the chain verifies', async () => {
  const actions = (await store.db.selectFrom('audit_log').select('action').orderBy('seq').execute()).map((r) => r.action);
  for (const a of ['auth.login', 'auth.login-failed', 'auth.locked', 'auth.logout']) assert.ok(actions.includes(a), `${a} missing from ${actions.join(',')}`);
  const verdict = await AuditLog.verify(store.db);
  assert.deepEqual(verdict, { ok: true, checked: actions.length, firstBroken: null, anchoredThrough: null });
});
