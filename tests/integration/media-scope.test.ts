import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, test } from 'vitest';
import type { FeedInfo, RtpCapabilities, RtpParameters } from '../../protocol/media.ts';
import { nextEvent } from '../support/once.ts';
import { collect, failure, ok, send } from '../support/requests.ts';
import { connectClient, login, startServer, type RunningServer, type TestSocket } from '../support/server.ts';
import { COURTS } from '../support/world.ts';

/**
 * What a browser's VP8 sender declares (mediasoup-client builds the same from the SDP). mediasoup
 * creates a real Producer from it on the send transport; no RTP has to flow for the feed to exist,
 * be announced and be consumed (the consumer starts paused).
 */
const VP8_SEND: RtpParameters = {
  mid: '0',
  codecs: [
    {
      mimeType: 'video/VP8',
      payloadType: 96,
      clockRate: 90000,
      rtcpFeedback: [{ type: 'nack' }, { type: 'nack', parameter: 'pli' }, { type: 'ccm', parameter: 'fir' }, { type: 'goog-remb' }],
    },
  ],
  headerExtensions: [],
  encodings: [{ ssrc: 22_222_222 }],
  rtcp: { cname: 'xihu-field-cam', reducedSize: true },
};

// Feeds are scoped like everything else a console sees: a body cam of 西湖 is watched by consoles of
// 西湖, 杭州中院 and the high court, never by 宁波's. The feed is published over the real path
// (socket → WebRtcTransport → Producer on the SFU) by a node client of xihu.field.
describe('media scope: a feed of one court branch is invisible to the other', () => {
  let server: RunningServer;
  const tokens = new Map<string, string>();
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    server = await startServer();
    for (const u of ['xihu.field', 'haishu.field', 'hz.operator', 'h.operator', 'nb.operator', 'nb.leader', 'h.sysadmin', 'h.auditadmin']) tokens.set(u, await login(server, u));
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await server.close();
  });

  const liveFeeds = () => server.media.feeds().map((f) => f.info);
  const token = (u: string) => tokens.get(u) ?? assert.fail(`no token for ${u}`);
  /** A console; `feeds` is the feeds:list it got on connect (sent before session:ready). */
  async function console_(username: string): Promise<{ socket: TestSocket; feeds: FeedInfo[] }> {
    let feeds: FeedInfo[] | undefined;
    const socket = await connectClient(server.url, { client: 'console', token: token(username) }, {
      listen: (s) => s.once('feeds:list', (list) => (feeds = list)),
    });
    sockets.push(socket);
    // feeds:list is emitted on connect; a round trip orders after it.
    await send(socket, 'media:capabilities');
    return { socket, feeds: feeds ?? assert.fail(`${username}: no feeds:list on connect`) };
  }
  async function terminal(username: string, label: string): Promise<TestSocket> {
    const s = await connectClient(server.url, { client: 'field', token: token(username), terminalId: randomUUID(), label });
    sockets.push(s);
    return s;
  }
  /** The routers' capabilities: everything a consumer needs but the feed (the receive transport comes with the first consumer). */
  async function receiver(socket: TestSocket): Promise<{ rtpCapabilities: RtpCapabilities }> {
    return { rtpCapabilities: ok(await send(socket, 'media:capabilities')).rtpCapabilities };
  }
  /** xihu.field publishes one video track; resolves with its feed id once 杭州中院's console was told. */
  async function publish(field: TestSocket, hz: TestSocket): Promise<string> {
    const transport = ok(await send(field, 'media:transport:create', { direction: 'send' }));
    const announced = nextEvent(hz, 'feed:added');
    const { feedId } = ok(await send(field, 'media:produce', { transportId: transport.id, kind: 'video', rtpParameters: VP8_SEND }));
    assert.equal((await announced).feedId, feedId);
    return feedId;
  }

  test('only consoles of the feed\'s branch are told of it: feed:added, feeds:list and feed:removed never reach 宁波', async () => {
    const hz = await console_('hz.operator');
    const high = await console_('h.operator');
    const nb = await console_('nb.operator');
    const nbAdded = collect(nb.socket, 'feed:added');
    const nbRemoved = collect(nb.socket, 'feed:removed');
    const highAdded = nextEvent(high.socket, 'feed:added');

    const field = await terminal('xihu.field', '西湖执行一组 记录仪');
    const feedId = await publish(field, hz.socket);
    const seenByHigh = await highAdded;
    assert.deepEqual(
      { feedId: seenByHigh.feedId, courtId: seenByHigh.courtId, kind: seenByHigh.kind, label: seenByHigh.label },
      { feedId, courtId: COURTS.xihu.id, kind: 'video', label: '西湖执行一组 记录仪' },
    );
    // The SFU really holds it.
    assert.ok(liveFeeds().some((f) => f.feedId === feedId && f.courtId === COURTS.xihu.id && f.roomId === `court:${COURTS.xihu.id}`));

    // Consoles connecting now: 杭州中院 and the high court list it, 宁波's do not.
    const lateHz = await console_('hz.operator');
    const lateHigh = await console_('h.operator');
    const lateNb = await console_('nb.operator');
    const lateNbLeader = await console_('nb.leader');
    assert.deepEqual(lateHz.feeds.map((f) => f.feedId), [feedId]);
    assert.deepEqual(lateHigh.feeds.map((f) => f.feedId), [feedId]);
    assert.deepEqual(lateNb.feeds, []);
    assert.deepEqual(lateNbLeader.feeds, []);

    // The feed ends with its terminal: 杭州中院 is told, 宁波 never was and is not now.
    const removed = nextEvent(hz.socket, 'feed:removed', (r) => r.feedId === feedId);
    field.disconnect();
    await removed;
    // A round trip on 宁波's socket orders after the server's broadcasts to it.
    await send(nb.socket, 'media:capabilities');
    assert.deepEqual(nbAdded, []);
    assert.deepEqual(nbRemoved, []);
    assert.equal(liveFeeds().some((f) => f.feedId === feedId), false);
  });

  test('media:consume of a 西湖 feed: 杭州中院\'s console gets a paused consumer, 宁波\'s is answered ERR_NOT_FOUND exactly as for a feed that does not exist', async () => {
    const hz = await console_('hz.operator');
    const nb = await console_('nb.operator');
    const field = await terminal('xihu.field', '西湖执行一组');
    const feedId = await publish(field, hz.socket);

    // The branch's console may watch it (the control: the same request does succeed).
    const hzRecv = await receiver(hz.socket);
    const consumer = ok(await send(hz.socket, 'media:consume', { ...hzRecv, feedId }));
    assert.equal(consumer.feedId, feedId);
    assert.equal(consumer.kind, 'video');
    assert.equal(consumer.rtpParameters.codecs[0]?.mimeType, 'video/VP8');
    ok(await send(hz.socket, 'media:consumer:resume', { consumerId: consumer.id }));

    // 宁波's console, on a real recv transport of its own, knowing the exact feed id: not found.
    const nbRecv = await receiver(nb.socket);
    const refused = failure(await send(nb.socket, 'media:consume', { ...nbRecv, feedId }));
    assert.equal(refused.code, 'ERR_NOT_FOUND');
    assert.equal(refused.message, `feed ${feedId} not found`);
    // Indistinguishable from a feed id that never existed: the feed's existence is not revealed.
    const unknownId = randomUUID();
    const unknown = failure(await send(nb.socket, 'media:consume', { ...nbRecv, feedId: unknownId }));
    assert.deepEqual({ ...unknown, message: unknown.message.replace(unknownId, '<id>') }, { ...refused, message: refused.message.replace(feedId, '<id>') });
    // Nor can 宁波 resume the consumer 杭州中院 holds: consumers belong to their socket.
    assert.equal(failure(await send(nb.socket, 'media:consumer:resume', { consumerId: consumer.id })).code, 'ERR_NOT_FOUND');

    // A field terminal of 宁波's branch (海曙) is refused the same way.
    const haishu = await terminal('haishu.field', '海曙执行一组');
    const haishuRecv = await receiver(haishu);
    const byHaishu = failure(await send(haishu, 'media:consume', { ...haishuRecv, feedId }));
    assert.deepEqual(byHaishu, { code: 'ERR_NOT_FOUND', message: `feed ${feedId} not found` });

    // Still live and still watchable by the branch after the refusals.
    assert.ok(liveFeeds().some((f) => f.feedId === feedId));
    const again = ok(await send(hz.socket, 'media:consume', { ...hzRecv, feedId }));
    assert.notEqual(again.id, consumer.id);
    field.disconnect();
  });

  test('administrator consoles (三权分立) are told of no feed and cannot consume one, even of their own court', async () => {
    const hz = await console_('hz.operator');
    const field = await terminal('xihu.field', '西湖执行一组');
    const feedId = await publish(field, hz.socket);
    for (const username of ['h.sysadmin', 'h.auditadmin']) {
      let listed: FeedInfo[] | undefined;
      const admin = await connectClient(server.url, { client: 'console', token: token(username) }, { listen: (s) => s.once('feeds:list', (l) => (listed = l)) });
      sockets.push(admin);
      const added = collect(admin, 'feed:added');
      const recv = await receiver(admin);
      const refused = failure(await send(admin, 'media:consume', { ...recv, feedId }));
      assert.deepEqual(refused, { code: 'ERR_NOT_FOUND', message: `feed ${feedId} not found` }, username);
      assert.equal(listed, undefined, `${username}: no feeds:list`);
      assert.deepEqual(added, [], `${username}: no feed:added`);
    }
    field.disconnect();
  });

  test('only a field officer may connect as a terminal and publish: administrators and command roles declaring client "field" are refused ERR_FORBIDDEN, no feed is announced', async () => {
    const hz = await console_('hz.operator');
    const added = collect(hz.socket, 'feed:added');
    for (const username of ['h.sysadmin', 'h.auditadmin', 'hz.operator', 'nb.leader']) {
      await assert.rejects(
        connectClient(server.url, { client: 'field', token: token(username), terminalId: randomUUID(), label: '伪装终端' }),
        (err: Error & { data?: { code: string } }) => {
          assert.equal(err.data?.code, 'ERR_FORBIDDEN', username);
          assert.match(err.message, /field officer/);
          return true;
        },
      );
    }
    // The control: the officer's own terminal still publishes, and only that feed is announced.
    const field = await terminal('xihu.field', '西湖执行一组');
    const feedId = await publish(field, hz.socket);
    await send(hz.socket, 'media:capabilities');
    assert.deepEqual(added.map((f) => f.feedId), [feedId]);
    assert.deepEqual(liveFeeds().filter((f) => f.feedId === feedId || f.label === '伪装终端').map((f) => f.feedId), [feedId]);
    field.disconnect();
  });
});
