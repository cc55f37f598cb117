// Sockets that drop while the server is still setting them up (a phone losing signal during the
// handshake) leave nothing behind: no terminal shown online, no team watched, no media peer.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, test } from 'vitest';
import { io } from 'socket.io-client';
import { teamOf } from '../support/dispatch.ts';
import { connectClient, login, startServer, type RunningServer, type TestSocket } from '../support/server.ts';

const DROPS = 25;

describe('a drop during set-up', () => {
  let server: RunningServer;
  const sockets: TestSocket[] = [];
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await server.close();
  });

  test(`${DROPS} terminals that disconnect the moment they connect leave no terminal online and no team watched`, async () => {
    const token = await login(server, 'xihu.field');
    const xihuTeam = await teamOf(server, 'xihu');
    const readies: string[] = [];
    await Promise.all(
      Array.from({ length: DROPS }, async (_, i) => {
        const s: TestSocket = io(server.url, { auth: { client: 'field', token, terminalId: `drop-${i}-${randomUUID()}` }, transports: ['websocket'], reconnection: false });
        s.on('session:ready', () => readies.push(s.id ?? ''));
        // The server has sent CONNECT and is running the features' set-up (database reads) now.
        await new Promise<void>((resolve) => s.once('connect', () => resolve()));
        s.disconnect();
      }),
    );
    // Until the server has seen every socket go and every set-up has finished.
    for (let i = 0; i < 100 && server.gateway.io.sockets.sockets.size > 0; i++) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(server.gateway.io.sockets.sockets.size, 0);
    assert.deepEqual(server.app.terminals.list(), [], 'no terminal left online');
    assert.equal(server.positions.attachedSockets(xihuTeam), 0, 'no socket left reporting for the team');
    assert.equal(server.media.peerCount, 0, 'no media peer left');

    // The control: a terminal that stays is online, and its console sees exactly it.
    const terminalId = randomUUID();
    const field = await connectClient(server.url, { client: 'field', token, terminalId });
    sockets.push(field);
    const consoleToken = await login(server, 'xihu.operator');
    let listed: { terminalId: string }[] = [];
    const watcher = await connectClient(server.url, { client: 'console', token: consoleToken }, { listen: (s) => s.once('terminals:list', (l) => (listed = l)) });
    sockets.push(watcher);
    assert.deepEqual(listed.map((t) => t.terminalId), [terminalId]);
    assert.equal(server.positions.attachedSockets(xihuTeam), 1);
    assert.ok(readies.length <= DROPS);
  });
});
