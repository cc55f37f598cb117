import { compileChecker } from '../../protocol/check.ts';
import { can } from '../auth/index.ts';
import { ForbiddenError } from '../errors.ts';
import { ConnectTransport, Consume, CreateTransport, Produce, ResumeConsumer, type RtpCapabilities } from '../../protocol/media.ts';
import type { CourtTree } from '../courts/index.ts';
import type { Logger } from '../logger.ts';
import { onQuery, onRequest, audienceRooms, watchesCourt, type Connection, type AppServer } from '../realtime/index.ts';
import type { MediaRoom } from './MediaRoom.ts';
import type { MediaService } from './MediaService.ts';

const isCreateTransport = compileChecker(CreateTransport);
const isConnectTransport = compileChecker(ConnectTransport);
const isProduce = compileChecker(Produce);
const isConsume = compileChecker(Consume);
const isResumeConsumer = compileChecker(ResumeConsumer);

// One media room for now; rooms per court and per action come with the video wall (issue 12).
const DEFAULT_ROOM = 'default';

/** Wires the media events of every socket to the room it belongs to. */
export function createMediaHandlers(io: AppServer, media: MediaService, courts: () => CourtTree, logger: Logger) {
  /** Consoles of the feed's court and every court above it. */
  const audience = (courtId: string) => audienceRooms(courts(), courtId);
  const announced = new WeakSet<MediaRoom>();

  async function roomFor(): Promise<MediaRoom> {
    const room = await media.room(DEFAULT_ROOM);
    if (!announced.has(room)) {
      announced.add(room);
      room.on('feedadded', (info) => io.to(audience(info.courtId)).emit('feed:added', info));
      room.on('feedremoved', (info) => io.to(audience(info.courtId)).emit('feed:removed', { feedId: info.feedId }));
    }
    return room;
  }

  return async function onConnection(conn: Connection): Promise<void> {
    const { socket } = conn;
    const { client, terminalId, label, courtId } = conn.data;
    const room = await roomFor();
    // Only a watching console (a command role) may see feeds, and only those of its court's branch.
    const watcher = watchesCourt(socket.data);
    const canWatch = (feedCourt: string) => watcher && courts().canSee(courtId, feedCourt);
    const peer = room.addPeer(socket.id, client === 'field' ? terminalId : null, label, courtId, canWatch);
    conn.hold(() => peer.close());
    if (watcher) socket.emit('feeds:list', room.listFeeds().filter((f) => canWatch(f.courtId)));

    // mediasoup offers one header-extension URI (toffset) that the wire type, like mediasoup-client 3.24,
    // doesn't declare; the client passes unknown URIs through (its ortc checks `uri` only as a string).
    onQuery(socket, logger, 'media:capabilities', async () => room.router.rtpCapabilities as RtpCapabilities);
    onRequest(socket, logger, 'media:transport:create', isCreateTransport, (m) => peer.createTransport(m));
    onRequest(socket, logger, 'media:transport:connect', isConnectTransport, async (m) => {
      await peer.connectTransport(m);
      return null;
    });
    onRequest(socket, logger, 'media:produce', isProduce, async (m) => {
      // The handshake admits only officers as terminals; publishing checks it again where it matters.
      if (client !== 'field' || !can(socket.data.role, 'field:report')) {
        throw new ForbiddenError('只有外勤终端可以回传视频 / only a field officer\'s terminal may publish');
      }
      const feed = await peer.produce(m);
      room.addFeed(feed);
      return { feedId: feed.id };
    });
    onRequest(socket, logger, 'media:consume', isConsume, (m) => peer.consume(m));
    onRequest(socket, logger, 'media:consumer:resume', isResumeConsumer, async (m) => {
      await peer.resumeConsumer(m.consumerId);
      return null;
    });
  };
}
