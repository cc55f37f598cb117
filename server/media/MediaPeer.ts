import type { Consumer, Router, TransportListenInfo, WebRtcTransport } from 'mediasoup/types';
import type {
  ConnectTransport,
  Consume,
  ConsumerOptions,
  Produce,
  RtpParameters,
  TransportClosed,
  TransportOptions,
} from '../../protocol/media.ts';
import { BadMessageError, ForbiddenError, InvalidStateError, NotFoundError } from '../errors.ts';
import { Feed, type FeedOwner } from './Feed.ts';
import type { MediaRoom } from './MediaRoom.ts';

/** What the SFU tells the one socket a peer belongs to. */
export interface PeerNotifier {
  consumerClosed(consumerId: string, feedId: string): void;
  transportClosed(transportId: string, reason: TransportClosed['reason']): void;
  layers(consumerId: string, spatialLayer: number | null): void;
  score(feedId: string, score: number): void;
}

export interface MediaPeerOptions {
  peerId: string;
  listenInfos: TransportListenInfo[];
  /** A feed of any room, by id. */
  findFeed: (feedId: string) => { feed: Feed; room: MediaRoom } | undefined;
  /** Whether this peer may watch a feed (a console of a court that may see the feed's team). */
  canWatch: (feed: Feed) => boolean;
  notify: PeerNotifier;
  now: () => Date;
  onClose: () => void;
}

// A field page republishes on a new send transport; the old one closes first.
const MAX_PRODUCERS = 4;
// The largest wall is 36 tiles, each may hold a focused twin, and the audio of the focused feed.
const MAX_CONSUMERS = 96;
// A receive transport per router a console consumes from: rooms of its branch and their piped routers.
const MAX_RECV_TRANSPORTS = 32;

interface SendSide {
  transport: WebRtcTransport;
  room: MediaRoom;
  owner: FeedOwner;
  /** A console sends only push-to-talk audio; a field terminal its camera, microphone and talk. */
  from: 'console' | 'field';
}

/** Why the server itself closes a transport (a client closing its own is told nothing). */
type CloseReason = TransportClosed['reason'] | 'client';

/**
 * One socket's media: the send transport a field terminal publishes on (in its room), and the receive
 * transports a console consumes on (one per router it watches from), with their consumers. Everything
 * the server closes under the client is told to it (media:consumer:closed, media:transport:closed), so
 * the client never keeps a slot or a track the SFU has dropped.
 */
export class MediaPeer {
  readonly id: string;
  readonly #opts: MediaPeerOptions;
  #send: SendSide | null = null;
  readonly #recv = new Map<string, Promise<WebRtcTransport>>();
  readonly #transports = new Map<string, WebRtcTransport>();
  readonly #feeds = new Map<string, Feed>();
  readonly #consumers = new Map<string, Consumer>();
  readonly #closing = new WeakMap<object, CloseReason>();
  #closed = false;

  constructor(opts: MediaPeerOptions) {
    this.id = opts.peerId;
    this.#opts = opts;
  }

  /** The room this peer publishes into, or null. */
  get publishRoom(): MediaRoom | null {
    return this.#send?.room ?? null;
  }

  /** A new send transport in `room` for feeds of `owner`; an older one closes first, with its feeds. */
  async createSendTransport(room: MediaRoom, owner: FeedOwner, from: SendSide['from']): Promise<TransportOptions> {
    this.#assertOpen();
    if (this.#send) this.#closeTransport(this.#send.transport, 'client');
    const transport = await this.#createTransport(room.router, 'send');
    this.#send = { transport, room, owner, from };
    transport.observer.once('close', () => {
      if (this.#send?.transport === transport) this.#send = null;
    });
    return transportOptions(transport);
  }

  /** Closes the send transport (its feeds end) and tells the client why: it publishes again on a new one. */
  closeSend(reason: TransportClosed['reason']): void {
    if (this.#send) this.#closeTransport(this.#send.transport, reason);
  }

  /** The client stopped one of its tracks (a push-to-talk button released): the feed ends. */
  closeProducer(feedId: string): void {
    this.#assertOpen();
    const feed = this.#feeds.get(feedId);
    if (!feed) throw new NotFoundError(`feed ${feedId}`);
    feed.close();
  }

  async connectTransport(m: ConnectTransport): Promise<void> {
    await this.#transport(m.transportId).connect({ dtlsParameters: m.dtlsParameters });
  }

  /** The client gave a transport up (its ICE failed): close it and everything on it. */
  closeTransportOf(transportId: string): void {
    this.#closeTransport(this.#transport(transportId), 'client');
  }

  /** Publishes a track into the send transport's room; the room announces the Feed. */
  async produce(m: Produce): Promise<Feed> {
    const transport = this.#transport(m.transportId);
    const send = this.#send;
    if (!send || send.transport !== transport) throw new BadMessageError('transportId: not this client\'s send transport');
    if (this.#feeds.size >= MAX_PRODUCERS) throw new InvalidStateError(`at most ${MAX_PRODUCERS} tracks per terminal`);
    const offered = (send.room.router.rtpCapabilities.codecs ?? []).map((c) => c.mimeType.toLowerCase());
    const media = m.rtpParameters.codecs.map((c) => c.mimeType).filter((t) => !/\/(rtx|red|ulpfec)$/i.test(t));
    const refused = media.find((t) => !offered.includes(t.toLowerCase()));
    if (refused !== undefined || media.length === 0) {
      throw new BadMessageError(`rtpParameters.codecs: ${refused ?? 'none'} is not offered by the SFU (offers ${[...new Set(offered)].filter((t) => !t.endsWith('/rtx')).join(', ')})`);
    }
    if (send.from === 'console' && (!m.talk || m.kind !== 'audio')) throw new ForbiddenError('控制台只能喊话（音频）/ a console publishes push-to-talk audio only');
    if (m.talk && (m.kind !== 'audio' || send.owner.actionId === null)) {
      throw new BadMessageError(m.kind !== 'audio' ? 'talk: push-to-talk is audio' : 'talk: only within an ongoing action');
    }
    const producer = await transport.produce({ kind: m.kind, rtpParameters: m.rtpParameters });
    const owner: FeedOwner = m.talk ? { ...send.owner, talk: { from: send.from, toTeamId: send.from === 'console' ? m.talk.teamId : null } } : send.owner;
    const feed = new Feed(producer, send.room.router, send.room.id, owner, this.#opts.now());
    this.#feeds.set(feed.id, feed);
    feed.once('@close', () => this.#feeds.delete(feed.id));
    producer.on('score', (scores) => {
      // Simulcast reports one score per layer: the best layer the SFU receives tells the uplink's health.
      this.#opts.notify.score(feed.id, Math.max(0, ...scores.map((s) => s.score)));
    });
    send.room.addFeed(feed);
    return feed;
  }

  /** Subscribes to a feed on a router of its room, paused until the client's consumer exists (resumeConsumer). */
  async consume(m: Consume): Promise<ConsumerOptions> {
    this.#assertOpen();
    if (this.#consumers.size >= MAX_CONSUMERS) throw new InvalidStateError(`at most ${MAX_CONSUMERS} consumers per client`);
    const found = this.#opts.findFeed(m.feedId);
    // A feed outside the branch answers like a missing one: its existence is not revealed.
    if (!found || !this.#opts.canWatch(found.feed)) throw new NotFoundError(`feed ${m.feedId}`);
    const { feed, room } = found;
    if (!room.router.canConsume({ producerId: feed.id, rtpCapabilities: m.rtpCapabilities })) {
      throw new BadMessageError('rtpCapabilities: this client cannot decode the feed');
    }
    const lease = await room.lease(feed.id);
    try {
      const fresh = !this.#recv.has(lease.router.id);
      const transport = await this.#recvTransport(lease.router);
      const consumer = await transport.consume({
        producerId: feed.id,
        rtpCapabilities: m.rtpCapabilities,
        // Paused until the client acks: before that it can't map the SSRC and loses the first key frame.
        paused: true,
        // A tile starts on the lowest layer; its size asks for more (media:consumer:layers).
        preferredLayers: { spatialLayer: 0 },
      });
      this.#track(consumer, feed.id, lease.release);
      // mediasoup declares one header-extension URI (toffset) that the wire type, like mediasoup-client 3.24,
      // lacks; the client passes unknown URIs through (its ortc checks `uri` only as a string).
      const rtpParameters = consumer.rtpParameters as RtpParameters;
      return {
        id: consumer.id,
        feedId: feed.id,
        kind: consumer.kind,
        rtpParameters,
        transportId: transport.id,
        ...(fresh ? { transport: transportOptions(transport) } : {}),
      };
    } catch (err) {
      lease.release();
      throw err;
    }
  }

  #track(consumer: Consumer, feedId: string, release: () => void): void {
    this.#consumers.set(consumer.id, consumer);
    consumer.on('producerclose', () => consumer.close());
    consumer.on('layerschange', (layers) => this.#opts.notify.layers(consumer.id, layers?.spatialLayer ?? null));
    consumer.observer.once('close', () => {
      this.#consumers.delete(consumer.id);
      release();
      if (!this.#closed && this.#closing.get(consumer) !== 'client') this.#opts.notify.consumerClosed(consumer.id, feedId);
    });
  }

  async resumeConsumer(consumerId: string): Promise<void> {
    const consumer = this.#consumer(consumerId);
    await consumer.resume();
    // Ask the producer for a key frame so the tile shows a picture at once, not at the next GOP.
    await consumer.requestKeyFrame();
  }

  async pauseConsumer(consumerId: string): Promise<void> {
    await this.#consumer(consumerId).pause();
  }

  closeConsumer(consumerId: string): void {
    const consumer = this.#consumer(consumerId);
    this.#closing.set(consumer, 'client');
    consumer.close();
  }

  async requestKeyFrame(consumerId: string): Promise<void> {
    await this.#consumer(consumerId).requestKeyFrame();
  }

  async preferLayers(consumerId: string, spatialLayer: number): Promise<void> {
    const consumer = this.#consumer(consumerId);
    // A non-simulcast feed has one layer: nothing to choose.
    if (consumer.type === 'simulcast') await consumer.setPreferredLayers({ spatialLayer });
  }

  /** The consumers this peer holds, for tests and health (their current layers). */
  consumers(): Consumer[] {
    return [...this.#consumers.values()];
  }

  /** Closes every transport (and with them their producers and consumers). Safe to call twice. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const t of this.#transports.values()) t.close();
    this.#transports.clear();
    this.#recv.clear();
    this.#feeds.clear();
    this.#consumers.clear();
    this.#send = null;
    this.#opts.onClose();
  }

  #recvTransport(router: Router): Promise<WebRtcTransport> {
    let pending = this.#recv.get(router.id);
    if (!pending) {
      if (this.#recv.size >= MAX_RECV_TRANSPORTS) throw new InvalidStateError(`at most ${MAX_RECV_TRANSPORTS} receive transports per client`);
      pending = this.#createTransport(router, 'recv');
      this.#recv.set(router.id, pending);
      pending.then(
        (t) => t.observer.once('close', () => {
          if (this.#recv.get(router.id) === pending) this.#recv.delete(router.id);
        }),
        () => this.#recv.delete(router.id),
      );
    }
    return pending;
  }

  async #createTransport(router: Router, direction: 'send' | 'recv'): Promise<WebRtcTransport> {
    const transport = await router.createWebRtcTransport({
      listenInfos: this.#opts.listenInfos,
      enableUdp: true,
      enableTcp: true,
      preferUdp: true,
      appData: { direction },
    });
    if (this.#closed) {
      transport.close();
      throw new InvalidStateError('MediaPeer closed');
    }
    this.#transports.set(transport.id, transport);
    transport.observer.once('close', () => {
      this.#transports.delete(transport.id);
      if (this.#closed) return;
      const reason = this.#closing.get(transport) ?? (router.closed && router.appData['closedOnPurpose'] !== true ? 'worker-died' : 'closed');
      if (reason !== 'client') this.#opts.notify.transportClosed(transport.id, reason);
    });
    return transport;
  }

  #closeTransport(transport: WebRtcTransport, reason: CloseReason): void {
    this.#closing.set(transport, reason);
    // Its consumers close with it and are each told (media:consumer:closed): a tile on it heals by consuming again.
    transport.close();
  }

  #transport(id: string): WebRtcTransport {
    this.#assertOpen();
    const t = this.#transports.get(id);
    if (!t) throw new NotFoundError(`transport ${id}`);
    return t;
  }

  #consumer(id: string): Consumer {
    this.#assertOpen();
    const c = this.#consumers.get(id);
    if (!c) throw new NotFoundError(`consumer ${id}`);
    return c;
  }

  #assertOpen(): void {
    if (this.#closed) throw new InvalidStateError('MediaPeer closed');
  }
}

function transportOptions(t: WebRtcTransport): TransportOptions {
  return { id: t.id, iceParameters: t.iceParameters, iceCandidates: t.iceCandidates, dtlsParameters: t.dtlsParameters };
}
