import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, test } from 'vitest';
import { io } from 'socket.io-client';
import { nextEvent } from '../support/once.ts';
import { connectClient, login, startServer, type RunningServer, type TestSocket } from '../support/server.ts';

describe('realtime gateway', () => {
  let server: RunningServer;
  let op: string;
  let field: string;
  const sockets: TestSocket[] = [];
  beforeAll(async () => {
    server = await startServer();
    op = await login(server, 'hz.operator');
    field = await login(server, 'xihu.field');
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await server.close();
  });
  const track = (s: TestSocket) => {
    sockets.push(s);
    return s;
  };

  test('a console sees a field terminal appear, then disappear when it disconnects', async () => {
    const consoleSocket = track(await connectClient(server.url, { client: 'console', token: op }));
    const terminalId = randomUUID();
    const online = nextEvent(consoleSocket, 'terminal:online', (t) => t.terminalId === terminalId);
    const terminal = await connectClient(server.url, { client: 'field', token: field, terminalId, label: '执行一组' });
    const info = await online;
    assert.equal(info.label, '执行一组');
    const offline = nextEvent(consoleSocket, 'terminal:offline', (t) => t.terminalId === terminalId);
    terminal.disconnect();
    assert.deepEqual(await offline, { terminalId });
  });

  test('a console connecting later gets the terminals already online in terminals:list', async () => {
    const terminalId = randomUUID();
    track(await connectClient(server.url, { client: 'field', token: field, terminalId, label: '执行二组' }));
    const late = io(server.url, { auth: { client: 'console', token: op }, transports: ['websocket'], reconnection: false });
    track(late);
    const list = await nextEvent(late, 'terminals:list');
    assert.ok(list.some((t) => t.terminalId === terminalId && t.label === '执行二组'));
  });

  test('a console of 宁波 never sees a 西湖 terminal come online; one of the high court does', async () => {
    const nb = track(await connectClient(server.url, { client: 'console', token: await login(server, 'nb.operator') }));
    const high = track(await connectClient(server.url, { client: 'console', token: await login(server, 'h.operator') }));
    let nbSaw = false;
    nb.on('terminal:online', () => {
      nbSaw = true;
    });
    const terminalId = randomUUID();
    const highSees = nextEvent(high, 'terminal:online', (t) => t.terminalId === terminalId);
    track(await connectClient(server.url, { client: 'field', token: field, terminalId }));
    await highSees;
    // A round trip on 宁波's socket orders after the server's presence broadcast.
    await nb.timeout(2_000).emitWithAck('media:capabilities');
    assert.equal(nbSaw, false);
    const late = io(server.url, { auth: { client: 'console', token: await login(server, 'nb.operator') }, transports: ['websocket'], reconnection: false });
    track(late);
    const list = await nextEvent(late, 'terminals:list');
    assert.equal(list.some((t) => t.terminalId === terminalId), false);
  });

  test('a terminal with two sockets stays online until its last socket leaves', async () => {
    const consoleSocket = track(await connectClient(server.url, { client: 'console', token: op }));
    const terminalId = randomUUID();
    const first = await connectClient(server.url, { client: 'field', token: field, terminalId });
    const second = await connectClient(server.url, { client: 'field', token: field, terminalId });
    let offlineSeen = false;
    consoleSocket.on('terminal:offline', (t) => {
      if (t.terminalId === terminalId) offlineSeen = true;
    });
    first.disconnect();
    // A round trip on the console's socket orders after the server handled the first disconnect.
    await consoleSocket.timeout(2_000).emitWithAck('media:capabilities');
    assert.equal(offlineSeen, false);
    const offline = nextEvent(consoleSocket, 'terminal:offline', (t) => t.terminalId === terminalId);
    second.disconnect();
    await offline;
    const row = await server.store.db.selectFrom('terminals').selectAll().where('terminal_id', '=', terminalId).executeTakeFirstOrThrow();
    assert.equal(row.connect_count, 2);
  });

  test('media:transport:create acks ERR_BAD_MESSAGE naming the field when direction is wrong, and the socket stays up', async () => {
    const socket = track(await connectClient(server.url, { client: 'console', token: op }));
    // @ts-expect-error -- direction deliberately invalid
    const res = await socket.timeout(2_000).emitWithAck('media:transport:create', { direction: 'sideways' });
    assert.equal(res.ok, false);
    assert.equal(!res.ok && res.code, 'ERR_BAD_MESSAGE');
    assert.match(!res.ok ? res.message : '', /direction/);
    const again = await socket.timeout(2_000).emitWithAck('media:capabilities');
    assert.equal(again.ok, true);
    assert.equal(socket.connected, true);
  });

  test('media:consume acks ERR_BAD_MESSAGE for a payload that is not an object', async () => {
    const socket = track(await connectClient(server.url, { client: 'console', token: op }));
    // @ts-expect-error -- payload deliberately a string
    const res = await socket.timeout(2_000).emitWithAck('media:consume', 'garbage');
    assert.deepEqual(!res.ok && res.code, 'ERR_BAD_MESSAGE');
  });

  test('an event without an ack callback gets error:message and the connection stays up', async () => {
    const socket = track(await connectClient(server.url, { client: 'console', token: op }));
    const error = nextEvent(socket, 'error:message');
    (socket as unknown as { emit(e: string, p: unknown): void }).emit('media:transport:create', { direction: 'recv' });
    const m = await error;
    assert.equal(m.code, 'ERR_BAD_MESSAGE');
    assert.equal(m.event, 'media:transport:create');
    assert.equal((await socket.timeout(2_000).emitWithAck('media:capabilities')).ok, true);
  });

  test('an unknown event is ignored and the connection stays up', async () => {
    const socket = track(await connectClient(server.url, { client: 'console', token: op }));
    (socket as unknown as { emit(e: string, p: unknown): void }).emit('no:such:event', { x: 1 });
    assert.equal((await socket.timeout(2_000).emitWithAck('media:capabilities')).ok, true);
  });

  test('a console may not create a send transport (only terminals publish): ERR_FORBIDDEN', async () => {
    const socket = track(await connectClient(server.url, { client: 'console', token: op }));
    const res = await socket.timeout(2_000).emitWithAck('media:transport:create', { direction: 'send' });
    assert.equal(!res.ok && res.code, 'ERR_FORBIDDEN');
  });

  test('media:produce on an unknown transport acks ERR_NOT_FOUND', async () => {
    const socket = track(await connectClient(server.url, { client: 'field', token: field, terminalId: randomUUID() }));
    const res = await socket.timeout(2_000).emitWithAck('media:produce', {
      transportId: 'nope',
      kind: 'video',
      rtpParameters: { codecs: [{ mimeType: 'video/VP8', payloadType: 101, clockRate: 90000 }] },
    });
    assert.equal(!res.ok && res.code, 'ERR_NOT_FOUND');
  });

  test('the handshake is refused with ERR_BAD_MESSAGE when auth names no client kind', async () => {
    const socket = io(server.url, { auth: { client: 'toaster', token: op }, transports: ['websocket'], reconnection: false });
    const err = await new Promise<Error & { data?: { code: string } }>((resolve) => socket.once('connect_error', resolve));
    socket.close();
    assert.equal(err.data?.code, 'ERR_BAD_MESSAGE');
    assert.match(err.message, /client/);
  });

  test('the handshake is refused with ERR_ORIGIN_REJECTED for a page of another origin', async () => {
    const socket = io(server.url, {
      auth: { client: 'console', token: op },
      transports: ['websocket'],
      reconnection: false,
      extraHeaders: { origin: 'http://evil.example' },
    });
    const err = await new Promise<Error & { data?: { code: string } }>((resolve) => socket.once('connect_error', resolve));
    socket.close();
    assert.equal(err.data?.code, 'ERR_ORIGIN_REJECTED');
  });

  test('the handshake is refused with ERR_UNAUTHENTICATED without a session token', async () => {
    const socket = io(server.url, { auth: { client: 'console' }, transports: ['websocket'], reconnection: false });
    const err = await new Promise<Error & { data?: { code: string } }>((resolve) => socket.once('connect_error', resolve));
    socket.close();
    assert.equal(err.data?.code, 'ERR_UNAUTHENTICATED');
  });

  test('the handshake is refused with ERR_UNAUTHENTICATED for a forged token', async () => {
    const socket = io(server.url, { auth: { client: 'console', token: 'x'.repeat(43) }, transports: ['websocket'], reconnection: false });
    const err = await new Promise<Error & { data?: { code: string } }>((resolve) => socket.once('connect_error', resolve));
    socket.close();
    assert.equal(err.data?.code, 'ERR_UNAUTHENTICATED');
  });

  test('POST /api/auth/logout disconnects every socket of that session, and the token stops working', async () => {
    const token = await login(server, 'xihu.operator');
    const a = track(await connectClient(server.url, { client: 'console', token }));
    const b = track(await connectClient(server.url, { client: 'console', token }));
    const other = track(await connectClient(server.url, { client: 'console', token: op }));
    const gone = Promise.all([a, b].map((s) => new Promise<string>((resolve) => s.once('disconnect', resolve))));
    const res = await server.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { authorization: `Bearer ${token}` } });
    assert.equal(res.statusCode, 204);
    assert.deepEqual(await gone, ['io server disconnect', 'io server disconnect']);
    assert.equal(other.connected, true);
    const again = await server.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${token}` } });
    assert.equal(again.statusCode, 401);
  });

  test('the handshake is accepted from the server\'s own origin', async () => {
    const socket = track(await connectClient(server.url, { client: 'console', token: op }, { origin: server.url }));
    assert.equal(socket.connected, true);
  });
});
