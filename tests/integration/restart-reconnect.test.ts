// A server restart must not strand its clients: a clean shutdown drops the connections (it does not
// tell clients "disconnect", which Socket.IO clients take as final), so every client — consoles,
// phones, 4G units with any Socket.IO client — reconnects by itself to the next server.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, test } from 'vitest';
import { io } from 'socket.io-client';
import type { InstructionView } from '../../protocol/instruction.ts';
import { teamOf } from '../support/dispatch.ts';
import { ok, send } from '../support/requests.ts';
import { connectClient, login, startServer, type RunningServer, type TestSocket } from '../support/server.ts';

describe('server restart: clients reconnect by themselves', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'cc-restart-'));
  let server: RunningServer | undefined;
  const sockets: TestSocket[] = [];
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await server?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('a terminal with a stock Socket.IO client comes back after a clean restart on the same port, and is sent what was issued meanwhile', async () => {
    server = await startServer({}, { dataDir });
    const port = Number(new URL(server.url).port);
    const token = await login(server, 'xihu.field');
    const xihuTeam = await teamOf(server, 'xihu');
    // Default reconnection settings, as a 4G unit's client would have them (only the delay is short).
    const terminal: TestSocket = io(server.url, { auth: { client: 'field', token, terminalId: randomUUID() }, transports: ['websocket'], reconnectionDelay: 200, reconnectionDelayMax: 1_000 });
    sockets.push(terminal);
    const readies: number[] = [];
    const replayed: InstructionView[] = [];
    const reasons: string[] = [];
    terminal.on('session:ready', () => readies.push(Date.now()));
    terminal.on('instruction:new', (v) => replayed.push(v));
    terminal.on('disconnect', (reason) => reasons.push(reason));
    await waitFor(() => readies.length === 1, 'first session:ready');

    await server.close();
    server = undefined;
    await waitFor(() => reasons.length === 1, 'the drop');
    assert.notEqual(reasons[0], 'io server disconnect', 'the shutdown must not send a final disconnect');

    server = await startServer({}, { dataDir, port });
    const dispatcher = await connectClient(server.url, { client: 'console', token: await login(server, 'h.dispatcher') });
    sockets.push(dispatcher);
    const { instructionId } = ok(await send(dispatcher, 'instruction:issue', { clientKey: randomUUID(), teamIds: [xihuTeam], template: 'go_now', priority: 'urgent' }));
    await waitFor(() => readies.length === 2, 'session:ready from the restarted server');
    await waitFor(() => replayed.some((v) => v.id === instructionId), 'the instruction issued while it was away');
    assert.equal(terminal.connected, true);
  });
});

async function waitFor(cond: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > until) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
