import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, test } from 'vitest';
import { pino } from 'pino';
import { Store } from '../store/Store.ts';
import { AuditAnchors } from './AuditAnchors.ts';
import { AuditLog } from './AuditLog.ts';

const silent = pino({ level: 'silent' });
let store: Store;
let dir: string;
let file: string;

const append = (n: number) =>
  store.db.transaction().execute((trx) => AuditLog.append(trx, { actorUserId: 'u1', actorName: 'alice', courtId: 'c1', action: 'case.export', detail: { rows: n } }, new Date()));

beforeEach(async () => {
  store = await Store.open({ dataDir: ':memory:' });
  dir = mkdtempSync(path.join(os.tmpdir(), 'cc-anchor-'));
  file = path.join(dir, 'audit-anchors.jsonl');
  for (let i = 1; i <= 5; i++) await append(i);
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

test('anchor() appends the head once per move; a new instance resumes from the file', async () => {
  const anchors = new AuditAnchors({ db: store.db, file, logger: silent });
  const first = await anchors.anchor();
  assert.equal(first?.seq, 5);
  assert.equal(await anchors.anchor(), null, 'head has not moved');
  await append(6);
  assert.equal((await new AuditAnchors({ db: store.db, file, logger: silent }).anchor())?.seq, 6);
  assert.deepEqual(readFileSync(file, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { seq: number }).seq), [5, 6]);
});

test('verify() with anchors passes an untouched chain and says how far it is witnessed', async () => {
  const anchors = new AuditAnchors({ db: store.db, file, logger: silent });
  await anchors.anchor();
  assert.deepEqual(await AuditLog.verify(store.db, { anchors: anchors.read() }), { ok: true, checked: 5, firstBroken: null, anchoredThrough: 5 });
});

test('verify() reports entries cut off the end after they were anchored; without anchors the shorter chain would pass', async () => {
  const anchors = new AuditAnchors({ db: store.db, file, logger: silent });
  await anchors.anchor();
  await store.db.deleteFrom('audit_log').where('seq', '>=', 4).execute();
  assert.equal((await AuditLog.verify(store.db)).ok, true, 'the chain alone cannot tell');
  assert.deepEqual(await AuditLog.verify(store.db, { anchors: anchors.read() }), { ok: false, checked: 3, firstBroken: { seq: 4, reason: 'truncated' }, anchoredThrough: 5 });
});

test('verify() reports a chain rebuilt after an anchored entry: consistent with itself, not with the anchor', async () => {
  const anchors = new AuditAnchors({ db: store.db, file, logger: silent });
  await anchors.anchor();
  await store.db.deleteFrom('audit_log').where('seq', '=', 5).execute();
  await append(99); // a different entry 5, correctly chained to 4
  assert.equal((await AuditLog.verify(store.db)).ok, true);
  assert.deepEqual((await AuditLog.verify(store.db, { anchors: anchors.read() })).firstBroken, { seq: 5, reason: 'anchor-mismatch' });
});

test('verify() refuses an anchor file with a line that is not an anchor', async () => {
  const anchors = new AuditAnchors({ db: store.db, file, logger: silent });
  await anchors.anchor();
  appendFileSync(file, '{"seq":"5","hash":"x"}\n');
  const read = anchors.read();
  assert.deepEqual([read.anchors.length, read.unreadable], [1, 1]);
  assert.deepEqual((await AuditLog.verify(store.db, { anchors: read })).firstBroken, { seq: 0, reason: 'anchor-unreadable' });
});
