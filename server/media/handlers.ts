import { compileChecker } from '../../protocol/check.ts';
import { CloseProducer, CloseTransport, ConnectTransport, Consume, ConsumerRef, CreateTransport, PreferLayers, Produce, type MediaRoomId } from '../../protocol/media.ts';
import { rooms } from '../../protocol/rooms.ts';
import type { ActionService } from '../actions/index.ts';
import { can } from '../auth/index.ts';
import { dateOf, isoOf, type Clock } from '../clock.ts';
import type { CourtTree } from '../courts/index.ts';
import { ForbiddenError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { onQuery, onRequest, audienceRooms, watchesCourt, type Connection, type AppServer } from '../realtime/index.ts';
import { teamsOfConnection, type TeamDirectory } from '../teams/index.ts';
import type { FeedOwner } from './Feed.ts';
import type { MediaPeer } from './MediaPeer.ts';
import type { MediaService } from './MediaService.ts';
import { createTalk } from './talk.ts';

const isCreateTransport = compileChecker(CreateTransport);
const isConnectTransport = compileChecker(ConnectTransport);
const isCloseTransport = compileChecker(CloseTransport);
const isProduce = compileChecker(Produce);
const isCloseProducer = compileChecker(CloseProducer);
const isConsume = compileChecker(Consume);
const isConsumerRef = compileChecker(ConsumerRef);
const isPreferLayers = compileChecker(PreferLayers);

export interface MediaHandlerDeps {
  media: MediaService;
  courts: () => CourtTree;
  teams: TeamDirectory;
  actions: ActionService;
  clock: Clock;
}

/**
 * The media events of every socket. A field terminal publishes into the room of the ongoing action
 * its team is on, else of its court; when its team starts or leaves an action, its send transport is
 * closed with reason 'room-changed' and the page publishes again into the right room. Consoles consume
 * any feed their court may see, from whichever router of the feed's room has room for them.
 */
export function createMediaHandlers(io: AppServer, deps: MediaHandlerDeps, logger: Logger) {
  const { media, courts, teams, actions, clock } = deps;
  const peers = new Map<string, { peer: MediaPeer; conn: Connection }>();

  const talk = createTalk(io, actions, courts, logger);

  media.on('feedopen', (feed) => {
    io.to(audienceRooms(courts(), feed.info.courtId)).emit('feed:added', feed.info);
    talk.onFeedOpen(feed);
  });
  media.on('feedclose', (feed) => {
    io.to(audienceRooms(courts(), feed.info.courtId)).emit('feed:removed', { feedId: feed.info.feedId });
    talk.onFeedClose(feed);
  });
  media.on('workerdied', ({ feeds }) => io.emit('media:notice', { kind: 'worker-died', feeds, at: isoOf(clock) }));

  /** Where a terminal publishes, and the labels of its feeds. */
  async function placement(conn: Connection): Promise<{ roomId: MediaRoomId; owner: FeedOwner }> {
    const { userId, courtId, terminalId, label, displayName } = conn.data;
    const mine = await teams.teamsOf(userId);
    let team = mine[0] ?? null;
    let action: { id: string; caseNumber: string } | null = null;
    for (const t of mine) {
      action = await actions.ongoingForTeam(t.id);
      if (action) {
        team = t;
        break;
      }
    }
    const owner: FeedOwner = {
      terminalId: terminalId ?? conn.socket.id,
      label,
      userId,
      officer: displayName,
      courtId,
      courtName: courts().get(courtId)?.shortName ?? courtId,
      teamId: team?.id ?? null,
      teamName: team?.name ?? null,
      actionId: action?.id ?? null,
      caseNumber: action?.caseNumber ?? null,
    };
    return { roomId: action ? `action:${action.id}` : `court:${courtId}`, owner };
  }

  // A team that starts, joins, leaves or ends an action moves its terminals' feeds to the right room.
  actions.on('updated', (view, change) => {
    const teamIds = [...new Set([...view.teams.map((t) => t.teamId), ...change.removed])];
    void (async () => {
      for (const socket of await io.in(teamIds.map(rooms.team)).fetchSockets()) {
        const entry = peers.get(socket.id);
        const current = entry?.peer.publishRoom;
        if (!entry || !current) continue;
        const { roomId } = await placement(entry.conn);
        if (roomId !== current.id) entry.peer.closeSend('room-changed');
      }
    })().catch((err: unknown) => logger.error({ err, actionId: view.id }, 'feeds not moved to the action\'s room'));
  });

  return async function onConnection(conn: Connection): Promise<void> {
    const { socket } = conn;
    const { client, courtId } = conn.data;
    // Only a watching console (a command role) may see feeds, and only those of its court's branch;
    // a terminal hears only the talks addressed to its teams.
    const watcher = watchesCourt(socket.data);
    const myTeams = new Set(client === 'field' ? (await teamsOfConnection(conn, teams)).map((t) => t.id) : []);
    const peer = media.addPeer({
      peerId: socket.id,
      canWatch: (feed) => (watcher && courts().canSee(courtId, feed.info.courtId)) || (client === 'field' && talk.mayHear(feed.info, myTeams)),
      now: () => dateOf(clock),
      notify: {
        consumerClosed: (consumerId, feedId) => socket.emit('media:consumer:closed', { consumerId, feedId }),
        transportClosed: (transportId, reason) => socket.emit('media:transport:closed', { transportId, reason }),
        layers: (consumerId, spatialLayer) => socket.emit('media:layers', { consumerId, spatialLayer }),
        score: (feedId, score) => socket.emit('media:score', { feedId, score }),
      },
    });
    peers.set(socket.id, { peer, conn });
    conn.hold(() => {
      peers.delete(socket.id);
      peer.close();
    });
    if (watcher) socket.emit('feeds:list', media.feeds().filter((f) => courts().canSee(courtId, f.info.courtId)).map((f) => f.info));

    onQuery(socket, logger, 'media:capabilities', async () => media.setup());
    onRequest(socket, logger, 'media:transport:create', isCreateTransport, async (m) => {
      if (client === 'console') {
        // Push-to-talk: into the action's room, for those who command it.
        const { roomId, owner } = await talk.consolePlacement(conn.actor, socket.id, m.actionId);
        return peer.createSendTransport(await media.room(roomId), owner, 'console');
      }
      // The handshake admits only officers as terminals; publishing checks it again where it matters.
      if (!can(socket.data.role, 'field:report')) throw new ForbiddenError('只有外勤终端可以回传视频 / only a field officer\'s terminal may publish');
      const { roomId, owner } = await placement(conn);
      return peer.createSendTransport(await media.room(roomId), owner, 'field');
    });
    onRequest(socket, logger, 'media:transport:connect', isConnectTransport, async (m) => {
      await peer.connectTransport(m);
      return null;
    });
    onRequest(socket, logger, 'media:transport:close', isCloseTransport, async (m) => {
      peer.closeTransportOf(m.transportId);
      return null;
    });
    onRequest(socket, logger, 'media:produce', isProduce, async (m) => {
      const feed = await peer.produce(m);
      // A talk's speaker speaks once the ack says so: by then its recorder listens.
      if (feed.info.talk) await media.whenOpened(feed);
      return { feedId: feed.id };
    });
    onRequest(socket, logger, 'media:producer:close', isCloseProducer, async (m) => {
      peer.closeProducer(m.feedId);
      return null;
    });
    onRequest(socket, logger, 'media:consume', isConsume, (m) => peer.consume(m));
    onRequest(socket, logger, 'media:consumer:resume', isConsumerRef, async (m) => {
      await peer.resumeConsumer(m.consumerId);
      return null;
    });
    onRequest(socket, logger, 'media:consumer:pause', isConsumerRef, async (m) => {
      await peer.pauseConsumer(m.consumerId);
      return null;
    });
    onRequest(socket, logger, 'media:consumer:close', isConsumerRef, async (m) => {
      peer.closeConsumer(m.consumerId);
      return null;
    });
    onRequest(socket, logger, 'media:consumer:keyframe', isConsumerRef, async (m) => {
      await peer.requestKeyFrame(m.consumerId);
      return null;
    });
    onRequest(socket, logger, 'media:consumer:layers', isPreferLayers, async (m) => {
      await peer.preferLayers(m.consumerId, m.spatialLayer);
      return null;
    });
  };
}
