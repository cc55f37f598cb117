import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, test } from 'vitest';
import type { FeedInfo } from '../../protocol/media.ts';
import type { LiveFeed } from '../../server/media/index.ts';
import { nextEvent } from '../support/once.ts';
import { senderParameters } from '../support/senderParameters.ts';
import { failure, ok, send } from '../support/requests.ts';
import { connectClient, login, startServer, type RunningServer, type TestSocket } from '../support/server.ts';
import { ACTIONS, COURTS } from '../support/world.ts';

const vp8 = (ssrc: number, mimeType?: string) => senderParameters('video', ssrc, mimeType);

// Media rooms on the real SFU: one per court for terminals not on an action, one per ongoing action.
// Two workers, and one consumer per router, so the second console of a room is served by a router
// on the other worker through pipeToRouter.
describe('media rooms: court and action rooms, moves between them, pipes, bad producers, a dying worker', () => {
  let server: RunningServer;
  const sockets: TestSocket[] = [];
  let xihuTeam: string;

  beforeAll(async () => {
    server = await startServer({ MEDIA_WORKERS: '2', MEDIA_CONSUMERS_PER_ROUTER: '1' });
    xihuTeam = (await server.store.db.selectFrom('teams').select('id').where('court_id', '=', COURTS.xihu.id).executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await server.close();
  });

  async function connect(username: string, client: 'console' | 'field'): Promise<TestSocket> {
    const token = await login(server, username);
    const s = await connectClient(server.url, client === 'field' ? { client, token, terminalId: randomUUID(), label: '记录仪 01' } : { client, token });
    sockets.push(s);
    return s;
  }
  async function publish(field: TestSocket, ssrc: number): Promise<{ feedId: string; transportId: string }> {
    const transport = ok(await send(field, 'media:transport:create', { direction: 'send' }));
    const { feedId } = ok(await send(field, 'media:produce', { transportId: transport.id, kind: 'video', rtpParameters: vp8(ssrc) }));
    return { feedId, transportId: transport.id };
  }
  const info = (feedId: string): FeedInfo => server.media.find(feedId)?.feed.info ?? assert.fail(`feed ${feedId} not live`);

  test('a terminal publishes into its court\'s room, labelled by team and officer; when its team\'s action starts its feed moves to the action\'s room, and back when it finishes', async () => {
    const dispatcher = await connect('h.dispatcher', 'console');
    const hz = await connect('hz.operator', 'console');
    const field = await connect('xihu.field', 'field');
    const first = await publish(field, 1001);
    assert.deepEqual(
      (({ roomId, courtId, courtName, teamId, teamName, actionId, caseNumber, label }) => ({ roomId, courtId, courtName, teamId, teamName, actionId, caseNumber, label }))(info(first.feedId)),
      { roomId: `court:${COURTS.xihu.id}`, courtId: COURTS.xihu.id, courtName: COURTS.xihu.short, teamId: xihuTeam, teamName: '执行一组', actionId: null, caseNumber: null, label: '记录仪 01' },
    );

    ok(await send(dispatcher, 'action:assign', { actionId: ACTIONS.xihu.id, teamIds: [xihuTeam] }));
    const opened: LiveFeed[] = [];
    server.media.on('feedopen', (f) => opened.push(f));
    const moved = nextEvent(field, 'media:transport:closed', (m) => m.transportId === first.transportId);
    const removed = nextEvent(hz, 'feed:removed', (m) => m.feedId === first.feedId);
    ok(await send(dispatcher, 'action:status', { actionId: ACTIONS.xihu.id, status: 'ongoing' }));
    assert.equal((await moved).reason, 'room-changed');
    await removed;

    // The page publishes again (as the field page does by itself): now into the action's room.
    const added = nextEvent(hz, 'feed:added');
    const second = await publish(field, 1002);
    const seen = await added;
    assert.equal(seen.feedId, second.feedId);
    assert.deepEqual([seen.roomId, seen.actionId, seen.teamId], [`action:${ACTIONS.xihu.id}`, ACTIONS.xihu.id, xihuTeam]);
    assert.ok(seen.caseNumber?.startsWith('(2026)浙0106执'), String(seen.caseNumber));
    // The recorder's hook: the action's feed is announced on the server with its router.
    assert.deepEqual(opened.map((f) => [f.info.feedId, f.info.actionId, f.router.closed]), [[second.feedId, ACTIONS.xihu.id, false]]);

    const back = nextEvent(field, 'media:transport:closed', (m) => m.transportId === second.transportId);
    ok(await send(dispatcher, 'action:status', { actionId: ACTIONS.xihu.id, status: 'finished' }));
    assert.equal((await back).reason, 'room-changed');
    const third = await publish(field, 1003);
    assert.deepEqual([info(third.feedId).roomId, info(third.feedId).actionId], [`court:${COURTS.xihu.id}`, null]);
    field.disconnect();
  });

  test('past one consumer per router, the second console is served by a router on the other worker, the feed piped there', async () => {
    const field = await connect('xihu.field', 'field');
    const { feedId } = await publish(field, 2001);
    const room = server.media.find(feedId)?.room ?? assert.fail('no room');
    const consoles = [await connect('hz.operator', 'console'), await connect('h.operator', 'console')];
    const consumers = [];
    for (const c of consoles) {
      const { rtpCapabilities } = ok(await send(c, 'media:capabilities'));
      const answer = ok(await send(c, 'media:consume', { feedId, rtpCapabilities }));
      assert.ok(answer.transport, 'a new receive transport comes with the first consumer');
      consumers.push(answer);
    }
    const routers = room.describe();
    assert.equal(routers.length, 2);
    assert.deepEqual(routers.map((r) => r.consumers), [1, 1]);
    assert.notEqual(routers[0]?.workerPid, routers[1]?.workerPid, 'the second router is on the other worker');
    assert.notEqual(consumers[0]?.transportId, consumers[1]?.transportId);
    // A consumer closed frees its slot: the next one is served by the first router again.
    ok(await send(consoles[0]!, 'media:consumer:close', { consumerId: consumers[0]!.id }));
    assert.deepEqual(room.describe().map((r) => r.consumers), [0, 1]);
    field.disconnect();
  });

  test('a producer with a codec the SFU does not offer is refused naming it; the terminal still publishes VP8 after', async () => {
    const field = await connect('xihu.field', 'field');
    const transport = ok(await send(field, 'media:transport:create', { direction: 'send' }));
    const refused = failure(await send(field, 'media:produce', { transportId: transport.id, kind: 'video', rtpParameters: vp8(3001, 'video/VP9') }));
    assert.equal(refused.code, 'ERR_BAD_MESSAGE');
    assert.match(refused.message, /video\/VP9 is not offered by the SFU \(offers .*video\/vp8/);
    const { feedId } = ok(await send(field, 'media:produce', { transportId: transport.id, kind: 'video', rtpParameters: vp8(3002) }));
    assert.ok(server.media.find(feedId));
    field.disconnect();
  });

  test('a worker that dies: its rooms close, the terminal is told to publish again, consoles get media:notice, and a new worker takes the next feed', async () => {
    const hz = await connect('hz.operator', 'console');
    const field = await connect('xihu.field', 'field');
    const { feedId, transportId } = await publish(field, 4001);
    const { room } = server.media.find(feedId) ?? assert.fail('no room');
    const pid = room.describe()[0]?.workerPid ?? assert.fail('no worker');
    const told = nextEvent(field, 'media:transport:closed', (m) => m.transportId === transportId);
    const notice = nextEvent(hz, 'media:notice');
    const removed = nextEvent(hz, 'feed:removed', (m) => m.feedId === feedId);
    process.kill(pid, 'SIGKILL');
    assert.equal((await told).reason, 'worker-died');
    const n = await notice;
    assert.equal(n.kind, 'worker-died');
    assert.ok(n.feeds >= 1, `feeds lost: ${n.feeds}`);
    await removed;
    // The pool replaces the worker; the page's next publish lands on a live router.
    for (let i = 0; i < 50 && server.media.pool.describe().length < 2; i++) await new Promise((r) => setTimeout(r, 100));
    assert.equal(server.media.pool.describe().length, 2);
    assert.ok(!server.media.pool.describe().some((w) => w.pid === pid));
    const again = await publish(field, 4002);
    assert.equal(server.media.find(again.feedId)?.room.closed, false);
    field.disconnect();
  });

  test('a room idle (no feed, no consumer) at two sweeps in a row closes with its routers; the next publish opens it again', async () => {
    const field = await connect('xihu.field', 'field');
    const { feedId } = await publish(field, 9001);
    const room = server.media.find(feedId)?.room ?? assert.fail('no room');
    assert.equal(room.id, `court:${COURTS.xihu.id}`);
    await server.media.sweepIdle();
    await server.media.sweepIdle();
    assert.equal(room.closed, false, 'a room with a live feed stays');
    const told = nextEvent(field, 'media:transport:closed');
    ok(await send(field, 'media:producer:close', { feedId }));
    await server.media.sweepIdle();
    assert.equal(room.closed, false, 'idle once is not enough');
    await server.media.sweepIdle();
    assert.equal(room.closed, true);
    assert.ok(!(await server.media.rooms()).some((r) => r.id === room.id));
    // The terminal's send transport went with the room, and it is told so as a plain close, not a dead worker.
    assert.equal((await told).reason, 'closed');
    const again = await publish(field, 9002);
    const reopened = server.media.find(again.feedId)?.room ?? assert.fail('no room');
    assert.equal(reopened.id, room.id);
    assert.notEqual(reopened, room);
    field.disconnect();
  });
});
