import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'vitest';
import { Store } from '../store/Store.ts';
import { AuditLog, GENESIS_HASH } from './AuditLog.ts';

let store: Store;
beforeEach(async () => {
  store = await Store.open({ dataDir: ':memory:' });
  for (let i = 0; i < 5; i++) {
    await store.db.transaction().execute((trx) =>
      AuditLog.append(trx, { actorUserId: 'u1', actorName: 'alice', courtId: 'c1', action: 'case.export', detail: { rows: i } }, new Date()),
    );
  }
});
afterEach(() => store.close());

test('AuditLog.append() chains each entry to the previous hash, starting at the genesis hash', async () => {
  const rows = await store.db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
  assert.deepEqual(rows.map((r) => r.seq), [1, 2, 3, 4, 5]);
  assert.equal(rows[0]?.prev_hash, GENESIS_HASH);
  for (let i = 1; i < rows.length; i++) assert.equal(rows[i]?.prev_hash, rows[i - 1]?.hash);
});

test('AuditLog.verify() passes an untouched chain', async () => {
  assert.deepEqual(await AuditLog.verify(store.db), { ok: true, checked: 5, firstBroken: null, anchoredThrough: null });
});

test('AuditLog.verify() reports the edited entry when a row\'s detail is changed in the database', async () => {
  await store.db.updateTable('audit_log').set({ detail: '{"rows":999}' }).where('seq', '=', 3).execute();
  assert.deepEqual(await AuditLog.verify(store.db), { ok: false, checked: 2, firstBroken: { seq: 3, reason: 'hash-mismatch' }, anchoredThrough: null });
});

test('AuditLog.verify() reports the next link when an entry is re-hashed to hide an edit', async () => {
  const { entryHash } = await import('./AuditLog.ts');
  const row = await store.db.selectFrom('audit_log').selectAll().where('seq', '=', 2).executeTakeFirstOrThrow();
  const { hash: _old, ...rest } = row;
  const forged = { ...rest, actor_name: 'mallory' };
  await store.db.updateTable('audit_log').set({ actor_name: 'mallory', hash: entryHash(forged) }).where('seq', '=', 2).execute();
  assert.deepEqual((await AuditLog.verify(store.db)).firstBroken, { seq: 3, reason: 'prev-hash-mismatch' });
});

test('AuditLog.verify() reports a deleted entry as a sequence gap', async () => {
  await store.db.deleteFrom('audit_log').where('seq', '=', 4).execute();
  assert.deepEqual((await AuditLog.verify(store.db)).firstBroken, { seq: 4, reason: 'sequence-gap' });
});

test('AuditLog.append() inside a transaction that fails leaves no entry', async () => {
  await assert.rejects(
    store.db.transaction().execute(async (trx) => {
      await AuditLog.append(trx, { actorUserId: null, actorName: 'x', courtId: null, action: 'case.colour-override' }, new Date());
      throw new Error('the act failed');
    }),
    /the act failed/,
  );
  const n = await store.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  assert.equal(Number(n.n), 5);
});
