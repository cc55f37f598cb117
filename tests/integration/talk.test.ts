import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, test } from 'vitest';
import type { FeedInfo } from '../../protocol/media.ts';
import { nextEvent } from '../support/once.ts';
import { senderParameters } from '../support/senderParameters.ts';
import { collect, failure, ok, send } from '../support/requests.ts';
import { connectClient, login, startServer, type RunningServer, type TestSocket } from '../support/server.ts';
import { ACTIONS, COURTS } from '../support/world.ts';

const opus = (ssrc: number) => senderParameters('audio', ssrc);

// Push-to-talk (喊话/对讲) on the real SFU: a dispatcher speaks into an ongoing action's room to one of
// its teams; only that team's terminals are told and may consume it; the officer answers to the
// consoles following the action. Everyone else is refused.
describe('push-to-talk in an action\'s media room', () => {
  let server: RunningServer;
  const sockets: TestSocket[] = [];
  let xihuTeam: string;

  beforeAll(async () => {
    server = await startServer();
    xihuTeam = (await server.store.db.selectFrom('teams').select('id').where('court_id', '=', COURTS.xihu.id).executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await server.close();
  });

  async function connect(username: string, client: 'console' | 'field'): Promise<TestSocket> {
    const token = await login(server, username);
    const s = await connectClient(server.url, client === 'field' ? { client, token, terminalId: randomUUID(), label: '记录仪' } : { client, token });
    sockets.push(s);
    return s;
  }
  async function talk(socket: TestSocket, actionId: string | undefined, teamId: string | null, ssrc: number): Promise<string> {
    const transport = ok(await send(socket, 'media:transport:create', actionId ? { direction: 'send', actionId } : { direction: 'send' }));
    return ok(await send(socket, 'media:produce', { transportId: transport.id, kind: 'audio', rtpParameters: opus(ssrc), talk: { teamId } })).feedId;
  }
  const caps = async (s: TestSocket) => ok(await send(s, 'media:capabilities')).rtpCapabilities;

  test('before the action starts nobody talks; a dispatcher then speaks to the 西湖 team: only its terminal is told and may listen; the release ends it', async () => {
    const dispatcher = await connect('h.dispatcher', 'console');
    ok(await send(dispatcher, 'action:assign', { actionId: ACTIONS.xihu.id, teamIds: [xihuTeam] }));
    const planned = failure(await send(dispatcher, 'media:transport:create', { direction: 'send', actionId: ACTIONS.xihu.id }));
    assert.equal(planned.code, 'ERR_INVALID_STATE');
    ok(await send(dispatcher, 'action:status', { actionId: ACTIONS.xihu.id, status: 'ongoing' }));

    const xihu = await connect('xihu.field', 'field');
    const haishu = await connect('haishu.field', 'field');
    const haishuHeard = collect(haishu, 'talk:started');
    const told = nextEvent(xihu, 'talk:started');
    const feedId = await talk(dispatcher, ACTIONS.xihu.id, xihuTeam, 5001);
    const started: FeedInfo = await told;
    assert.deepEqual([started.feedId, started.kind, started.talk, started.actionId, started.label], [feedId, 'audio', { from: 'console', toTeamId: xihuTeam }, ACTIONS.xihu.id, '指挥中心']);
    assert.equal(started.roomId, `action:${ACTIONS.xihu.id}`);

    // The addressed terminal consumes the talk; a terminal of another court may not, and was never told.
    const heard = ok(await send(xihu, 'media:consume', { feedId, rtpCapabilities: await caps(xihu) }));
    assert.equal(heard.kind, 'audio');
    assert.equal(failure(await send(haishu, 'media:consume', { feedId, rtpCapabilities: await caps(haishu) })).code, 'ERR_NOT_FOUND');
    await send(haishu, 'media:capabilities');
    assert.deepEqual(haishuHeard, []);

    const ended = nextEvent(xihu, 'talk:ended', (m) => m.feedId === feedId);
    ok(await send(dispatcher, 'media:producer:close', { feedId }));
    assert.deepEqual(await ended, { feedId, actionId: ACTIONS.xihu.id });
    assert.equal(server.media.find(feedId), undefined);
  });

  test('the officer answers: the consoles following the action are told, the officer\'s own terminal is not the audience', async () => {
    const leader = await connect('hz.leader', 'console');
    ok(await send(leader, 'action:follow', { actionId: ACTIONS.xihu.id }));
    const xihu = await connect('xihu.field', 'field');
    const told = nextEvent(leader, 'talk:started', (f) => f.talk?.from === 'field');
    const feedId = await talk(xihu, undefined, null, 6001);
    const started = await told;
    assert.deepEqual([started.feedId, started.teamId, started.talk], [feedId, xihuTeam, { from: 'field', toTeamId: null }]);
    ok(await send(leader, 'media:consume', { feedId, rtpCapabilities: await caps(leader) }));
  });

  test('refused: an operator (watches, does not command), a leader of another branch, video on a talk transport, a talk outside an action', async () => {
    const operator = await connect('hz.operator', 'console');
    assert.equal(failure(await send(operator, 'media:transport:create', { direction: 'send', actionId: ACTIONS.xihu.id })).code, 'ERR_FORBIDDEN');
    const nbLeader = await connect('nb.leader', 'console');
    assert.equal(failure(await send(nbLeader, 'media:transport:create', { direction: 'send', actionId: ACTIONS.xihu.id })).code, 'ERR_NOT_FOUND');
    const dispatcher = await connect('h.dispatcher', 'console');
    assert.equal(failure(await send(dispatcher, 'media:transport:create', { direction: 'send' })).code, 'ERR_BAD_MESSAGE');
    const transport = ok(await send(dispatcher, 'media:transport:create', { direction: 'send', actionId: ACTIONS.xihu.id }));
    const video = failure(
      await send(dispatcher, 'media:produce', {
        transportId: transport.id,
        kind: 'video',
        rtpParameters: { ...opus(7001), codecs: [{ mimeType: 'video/VP8', payloadType: 96, clockRate: 90000 }] },
      }),
    );
    assert.equal(video.code, 'ERR_FORBIDDEN');
    // 海曙's officer is on no action: its terminal publishes into its court's room, where no talk goes.
    const haishu = await connect('haishu.field', 'field');
    const refused = failure(await send(haishu, 'media:produce', {
      transportId: ok(await send(haishu, 'media:transport:create', { direction: 'send' })).id,
      kind: 'audio',
      rtpParameters: opus(7002),
      talk: { teamId: null },
    }));
    assert.deepEqual(refused, { code: 'ERR_BAD_MESSAGE', message: 'talk: only within an ongoing action' });
  });

  test('a talk is acknowledged to its speaker only once its recorder listens (and what else gates it), so its first words are recorded', async () => {
    let released = 0;
    // Registered last: it holds every later talk 400 ms, as a slow recorder start would.
    server.media.addOpenGate(async (feed) => {
      if (!feed.info.talk) return;
      await new Promise((r) => setTimeout(r, 400));
      released = Date.now();
    });
    const dispatcher = await connect('h.dispatcher', 'console');
    const feedId = await talk(dispatcher, ACTIONS.xihu.id, null, 8001);
    const acked = Date.now();
    assert.ok(released > 0 && acked >= released, `acked ${acked}, gate released ${released}`);
    // The recorder's own gate had let it through too: its ffmpeg runs for this talk already.
    assert.equal(typeof server.app.recordings.recorderPid(feedId), 'number');
    ok(await send(dispatcher, 'media:producer:close', { feedId }));
  });
});
