import { EventEmitter } from 'node:events';
import type { RtpCapabilities as SfuCapabilities, TransportListenInfo } from 'mediasoup/types';
import * as mediasoup from 'mediasoup';
import type { Config } from '../../config/schema.ts';
import type { MediaRoomId, MediaSetup, RtpCapabilities } from '../../protocol/media.ts';
import type { Logger } from '../logger.ts';
import { MEDIA_CODECS } from './codecs.ts';
import type { Feed, LiveFeed } from './Feed.ts';
import { MediaPeer, type MediaPeerOptions } from './MediaPeer.ts';
import { MediaRoom } from './MediaRoom.ts';
import { MediaWorkerPool } from './MediaWorkerPool.ts';

export interface MediaServiceEvents {
  /** A feed went live in a room (action rooms' feeds are recorded as evidence). */
  feedopen: [LiveFeed];
  feedclose: [LiveFeed];
  /** A worker died (and was replaced); `feeds` closed with it. */
  workerdied: [{ pid: number; feeds: number }];
}

// Phones send the picture upright only when the orientation header extension is not negotiated: then
// the browser rotates pixels before encoding, and the wall and the recordings never show it sideways.
const DROPPED_EXTENSIONS = new Set(['urn:3gpp:video-orientation']);
/** The longest a push-to-talk waits for its recorder before its speaker is told to speak. */
const OPEN_GATE_TIMEOUT_MS = 3000;

/**
 * The media plane of the server: the worker pool, the media rooms on it (one per court for terminals
 * not on an action, one per ongoing action), and every live feed by id.
 */
export class MediaService extends EventEmitter<MediaServiceEvents> {
  readonly pool: MediaWorkerPool;
  readonly #config: Config['media'];
  readonly #listenInfos: TransportListenInfo[];
  readonly #capabilities: RtpCapabilities;
  readonly #rooms = new Map<MediaRoomId, Promise<MediaRoom>>();
  readonly #feeds = new Map<string, { feed: Feed; room: MediaRoom }>();
  readonly #peers = new Set<MediaPeer>();
  readonly #gates: ((feed: LiveFeed) => Promise<unknown>)[] = [];
  /** Rooms found idle by the last sweep. */
  #idleBefore = new Set<MediaRoomId>();
  /** Feeds lost to a dead router since the last 'workerdied' (a dead worker closes its routers before it reports). */
  #lost = 0;
  #closed = false;

  private constructor(pool: MediaWorkerPool, config: Config['media'], capabilities: SfuCapabilities) {
    super();
    this.pool = pool;
    this.#config = config;
    const portRange = { min: config.rtcMinPort, max: config.rtcMaxPort };
    const announcedAddress = config.announcedAddress ?? undefined;
    this.#listenInfos = [
      { protocol: 'udp', ip: config.listenIp, announcedAddress, portRange },
      { protocol: 'tcp', ip: config.listenIp, announcedAddress, portRange },
    ];
    // mediasoup offers one header-extension URI (toffset) that the wire type, like mediasoup-client 3.24,
    // doesn't declare; the client passes unknown URIs through (its ortc checks `uri` only as a string).
    const caps = capabilities as RtpCapabilities;
    this.#capabilities = { ...caps, headerExtensions: (caps.headerExtensions ?? []).filter((h) => !DROPPED_EXTENSIONS.has(h.uri)) };
    pool.on('died', (worker) => {
      const feeds = this.#lost;
      this.#lost = 0;
      this.emit('workerdied', { pid: worker.pid, feeds });
    });
  }

  static async create(config: Config['media'], logger: Logger): Promise<MediaService> {
    const pool = await MediaWorkerPool.create({
      workers: config.workers,
      rtcMinPort: config.rtcMinPort,
      rtcMaxPort: config.rtcMaxPort,
      logLevel: config.logLevel,
      logger,
    });
    try {
      // Every room's router offers the same codecs, so one router tells the capabilities of them all.
      const probe = await pool.pick().createRouter({ mediaCodecs: MEDIA_CODECS });
      const caps = probe.rtpCapabilities;
      probe.close();
      return new MediaService(pool, config, caps);
    } catch (err) {
      await pool.close();
      throw err;
    }
  }

  get version(): string {
    return mediasoup.version;
  }

  /** What a client needs to publish or consume: the routers' capabilities and the field's capture and simulcast settings. */
  setup(): MediaSetup {
    return { rtpCapabilities: this.#capabilities, capture: this.#config.capture, simulcast: this.#config.simulcast };
  }

  /** The room `id`, created on first use on the next worker; created again if its worker died. */
  async room(id: MediaRoomId): Promise<MediaRoom> {
    const existing = this.#rooms.get(id);
    if (existing) {
      const room = await existing;
      if (!room.closed) return room;
    }
    const created = MediaRoom.create(this.pool.pick(), {
      id,
      consumersPerRouter: this.#config.consumersPerRouter,
      spareWorker: (inUse) => this.pool.spare(inUse),
    });
    this.#rooms.set(id, created);
    created.then(
      (room) => this.#watch(room, created),
      () => this.#rooms.delete(id),
    );
    return created;
  }

  #watch(room: MediaRoom, pending: Promise<MediaRoom>): void {
    room.on('feedadded', (feed) => {
      this.#feeds.set(feed.id, { feed, room });
      this.emit('feedopen', feed);
    });
    room.on('feedremoved', (feed) => {
      this.#feeds.delete(feed.id);
      if (feed.router.closed) this.#lost++;
      this.emit('feedclose', feed);
    });
    room.once('@close', () => {
      if (this.#rooms.get(room.id) === pending) this.#rooms.delete(room.id);
    });
  }

  /**
   * Adds something a new feed waits for before its publisher is told it is on (`whenOpened`): the
   * recorder listening, so a push-to-talk's first words are in its recording.
   */
  addOpenGate(gate: (feed: LiveFeed) => Promise<unknown>): void {
    this.#gates.push(gate);
  }

  /** Resolves once every gate let `feed` through, or after `timeoutMs` (a slow recorder never silences a speaker). */
  async whenOpened(feed: LiveFeed, timeoutMs = OPEN_GATE_TIMEOUT_MS): Promise<void> {
    if (this.#gates.length === 0) return;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    await Promise.race([Promise.allSettled(this.#gates.map((g) => g(feed))), timeout]);
    clearTimeout(timer);
  }

  /**
   * Closes the rooms that were idle (no feed, no consumer) at this sweep and the one before, so the
   * routers of finished actions and quiet courts do not pile up; the next publish opens a room again.
   * Returns how many closed.
   */
  async sweepIdle(): Promise<number> {
    let closed = 0;
    const idleNow = new Set<MediaRoomId>();
    for (const room of await this.rooms()) {
      if (!room.idle) continue;
      if (this.#idleBefore.has(room.id)) {
        room.close();
        closed++;
      } else {
        idleNow.add(room.id);
      }
    }
    this.#idleBefore = idleNow;
    return closed;
  }

  /** The rooms open now (tests, health). */
  async rooms(): Promise<MediaRoom[]> {
    return (await Promise.allSettled(this.#rooms.values())).flatMap((r) => (r.status === 'fulfilled' && !r.value.closed ? [r.value] : []));
  }

  /** A live feed and its room. */
  find(feedId: string): { feed: Feed; room: MediaRoom } | undefined {
    return this.#feeds.get(feedId);
  }

  /** Every live feed. */
  feeds(): Feed[] {
    return [...this.#feeds.values()].map((f) => f.feed);
  }

  /** The media side of one socket; it leaves the count when closed. */
  addPeer(opts: Omit<MediaPeerOptions, 'listenInfos' | 'findFeed' | 'onClose'>): MediaPeer {
    const peer: MediaPeer = new MediaPeer({
      ...opts,
      listenInfos: this.#listenInfos,
      findFeed: (id) => this.#feeds.get(id),
      onClose: () => this.#peers.delete(peer),
    });
    this.#peers.add(peer);
    return peer;
  }

  /** Every consumer held by a socket now, with its feed (tests and health: layers, leaks). */
  consumers(): { peerId: string; feedId: string; spatialLayer: number | null; paused: boolean }[] {
    return [...this.#peers].flatMap((peer) =>
      peer.consumers().map((c) => ({ peerId: peer.id, feedId: c.producerId, spatialLayer: c.currentLayers?.spatialLayer ?? null, paused: c.paused })),
    );
  }

  /** How many sockets hold a media side now (tests: none is left behind). */
  get peerCount(): number {
    return this.#peers.size;
  }

  /** Closes every room, then the workers; resolves once the worker subprocesses have exited. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const room of await this.rooms()) room.close();
    this.#rooms.clear();
    await this.pool.close();
  }
}
