import assert from 'node:assert/strict';
import { afterAll, beforeAll, test } from 'vitest';
import { Store } from '../store/Store.ts';
import { TerminalRegistry } from './TerminalRegistry.ts';

let store: Store;
beforeAll(async () => {
  store = await Store.open({ dataDir: ':memory:' });
});
afterAll(() => store.close());

test('registry.connect() emits online once per terminal, however many sockets it opens', async () => {
  const registry = new TerminalRegistry(store.db);
  const online: string[] = [];
  registry.on('online', (t) => online.push(t.terminalId));
  await registry.connect('t-1', '一组', 'c1', 's-a');
  await registry.connect('t-1', '一组', 'c1', 's-b');
  assert.deepEqual(online, ['t-1']);
  assert.equal(registry.size, 1);
});

test('registry.disconnect() emits offline only when the last socket leaves', async () => {
  const registry = new TerminalRegistry(store.db);
  const offline: string[] = [];
  registry.on('offline', (t) => offline.push(t.terminalId));
  await registry.connect('t-2', '二组', 'c1', 's-a');
  await registry.connect('t-2', '二组', 'c1', 's-b');
  await registry.disconnect('t-2', 's-a');
  assert.deepEqual(offline, []);
  await registry.disconnect('t-2', 's-b');
  assert.deepEqual(offline, ['t-2']);
  assert.equal(registry.list().length, 0);
});

test('registry.list() keeps only the terminals the filter accepts (a console sees its court branch)', async () => {
  const registry = new TerminalRegistry(store.db);
  await registry.connect('t-5', '五组', 'c-hz', 's-a');
  await registry.connect('t-6', '六组', 'c-nb', 's-b');
  assert.deepEqual(registry.list((t) => t.courtId === 'c-hz').map((t) => t.terminalId), ['t-5']);
});

test('registry.disconnect() of an unknown socket changes nothing', async () => {
  const registry = new TerminalRegistry(store.db);
  await registry.connect('t-3', '三组', 'c1', 's-a');
  await registry.disconnect('t-3', 's-zzz');
  assert.equal(registry.size, 1);
});

test('registry.connect() records first and last seen and counts connections in the store', async () => {
  const registry = new TerminalRegistry(store.db);
  await registry.connect('t-4', '旧名', 'c1', 's-a');
  await registry.disconnect('t-4', 's-a');
  await registry.connect('t-4', '新名', 'c1', 's-b');
  const row = await store.db.selectFrom('terminals').selectAll().where('terminal_id', '=', 't-4').executeTakeFirstOrThrow();
  assert.equal(row.label, '新名');
  assert.equal(row.connect_count, 2);
  assert.ok(row.last_seen_at >= row.first_seen_at);
});
