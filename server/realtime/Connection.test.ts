import assert from 'node:assert/strict';
import { test } from 'vitest';
import { pino } from 'pino';
import { Connection } from './Connection.ts';
import type { AppSocket } from './types.ts';

const socket = { id: 's1', data: { client: 'field', userId: 'u1', username: 'xihu.field', displayName: '张警官', role: 'field_officer', courtId: 'c1', sessionId: 'x', terminalId: 't1', label: 'l' }, join: async () => undefined } as unknown as AppSocket;

test('Connection.close() releases everything held, newest first, exactly once however often it is called', async () => {
  const conn = new Connection(socket, pino({ level: 'silent' }));
  const order: string[] = [];
  conn.hold(() => void order.push('presence'));
  conn.hold(async () => {
    await new Promise((r) => setTimeout(r, 5));
    order.push('team watch');
  });
  await Promise.all([conn.close(), conn.close(), conn.close()]);
  assert.deepEqual(order, ['team watch', 'presence']);
  assert.equal(conn.closed, true);
  assert.equal(conn.actor.name, '张警官');
});

test('Connection.hold() on a connection that already ended releases at once (a drop during set-up); a failing release does not stop the others', async () => {
  const conn = new Connection(socket, pino({ level: 'silent' }));
  const released: string[] = [];
  conn.hold(() => void released.push('first'));
  conn.hold(() => {
    throw new Error('release failed');
  });
  await conn.close();
  assert.deepEqual(released, ['first']);
  conn.hold(() => void released.push('late'));
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(released, ['first', 'late']);
});

test('Connection.once() computes a value once per connection', async () => {
  const conn = new Connection(socket, pino({ level: 'silent' }));
  let n = 0;
  const [a, b] = await Promise.all([conn.once('teams', async () => ++n), conn.once('teams', async () => ++n)]);
  assert.deepEqual([a, b, n], [1, 1, 1]);
});
