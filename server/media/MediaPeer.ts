import { EventEmitter } from 'node:events';
import type { Consumer, Router, WebRtcTransport, TransportListenInfo } from 'mediasoup/types';
import type { ConnectTransport, Consume, ConsumerOptions, CreateTransport, Produce, RtpParameters, TransportOptions } from '../../protocol/media.ts';
import { BadMessageError, ForbiddenError, InvalidStateError, NotFoundError } from '../errors.ts';
import { Feed } from './Feed.ts';

export interface MediaPeerOptions {
  peerId: string;
  /** Set for field terminals: only they may publish. */
  terminalId: string | null;
  label: string;
  /** The court of the signed-in user: it publishes for this court and may watch feeds of its branch. */
  courtId: string;
  listenInfos: TransportListenInfo[];
  /** Looks a feed up in the room (any peer's). */
  findFeed: (feedId: string) => Feed | undefined;
  /** True when this peer's court may see a feed of `courtId` (the court tree's scope). */
  canWatch: (courtId: string) => boolean;
}

// A client holds at most a send and a recv transport; a few spares cover renegotiation after ICE failure.
const MAX_TRANSPORTS = 4;
const MAX_PRODUCERS = 4;
// The largest wall is 64 tiles; audio of the focused feed and a margin.
const MAX_CONSUMERS = 96;

/** One socket's media: its transports, the feeds it publishes and the consumers it holds. */
export class MediaPeer extends EventEmitter {
  readonly id: string;
  readonly #router: Router;
  readonly #opts: MediaPeerOptions;
  readonly #transports = new Map<string, WebRtcTransport>();
  readonly #feeds = new Map<string, Feed>();
  readonly #consumers = new Map<string, Consumer>();
  #closed = false;

  constructor(router: Router, opts: MediaPeerOptions) {
    super();
    this.id = opts.peerId;
    this.#router = router;
    this.#opts = opts;
  }

  async createTransport(m: CreateTransport): Promise<TransportOptions> {
    this.#assertOpen();
    if (this.#transports.size >= MAX_TRANSPORTS) throw new InvalidStateError(`at most ${MAX_TRANSPORTS} transports per client`);
    if (m.direction === 'send' && this.#opts.terminalId === null) throw new ForbiddenError('only field terminals publish media');
    const transport = await this.#router.createWebRtcTransport({
      listenInfos: this.#opts.listenInfos,
      enableUdp: true,
      enableTcp: true,
      preferUdp: true,
      appData: { direction: m.direction },
    });
    this.#transports.set(transport.id, transport);
    transport.observer.once('close', () => this.#transports.delete(transport.id));
    return {
      id: transport.id,
      iceParameters: transport.iceParameters,
      iceCandidates: transport.iceCandidates,
      dtlsParameters: transport.dtlsParameters,
    };
  }

  async connectTransport(m: ConnectTransport): Promise<void> {
    await this.#transport(m.transportId).connect({ dtlsParameters: m.dtlsParameters });
  }

  /** Publishes a track; the returned Feed is announced to consoles by the room. */
  async produce(m: Produce): Promise<Feed> {
    const transport = this.#transport(m.transportId);
    if (transport.appData['direction'] !== 'send') throw new BadMessageError('transportId: not a send transport');
    if (this.#opts.terminalId === null) throw new ForbiddenError('only field terminals publish media');
    if (this.#feeds.size >= MAX_PRODUCERS) throw new InvalidStateError(`at most ${MAX_PRODUCERS} tracks per terminal`);
    const producer = await transport.produce({ kind: m.kind, rtpParameters: m.rtpParameters });
    const feed = new Feed(producer, { terminalId: this.#opts.terminalId, label: this.#opts.label, courtId: this.#opts.courtId });
    this.#feeds.set(feed.id, feed);
    feed.once('@close', () => this.#feeds.delete(feed.id));
    return feed;
  }

  /** Subscribes to a feed; the consumer starts paused and is resumed by resumeConsumer(). */
  async consume(m: Consume): Promise<ConsumerOptions> {
    const transport = this.#transport(m.transportId);
    if (transport.appData['direction'] !== 'recv') throw new BadMessageError('transportId: not a recv transport');
    if (this.#consumers.size >= MAX_CONSUMERS) throw new InvalidStateError(`at most ${MAX_CONSUMERS} consumers per client`);
    const feed = this.#opts.findFeed(m.feedId);
    // A feed outside the branch answers like a missing one: its existence is not revealed.
    if (!feed || !this.#opts.canWatch(feed.info.courtId)) throw new NotFoundError(`feed ${m.feedId}`);
    if (!this.#router.canConsume({ producerId: feed.id, rtpCapabilities: m.rtpCapabilities })) {
      throw new BadMessageError('rtpCapabilities: this client cannot decode the feed');
    }
    // Paused until the client acks: before that it can't map the SSRC and loses the first keyframe.
    const consumer = await transport.consume({ producerId: feed.id, rtpCapabilities: m.rtpCapabilities, paused: true });
    this.#consumers.set(consumer.id, consumer);
    consumer.observer.once('close', () => this.#consumers.delete(consumer.id));
    consumer.on('producerclose', () => {
      consumer.close();
    });
    // mediasoup declares one header-extension URI (toffset) that the wire type, like mediasoup-client 3.24,
    // lacks; the client passes unknown URIs through (its ortc checks `uri` only as a string).
    const rtpParameters = consumer.rtpParameters as RtpParameters;
    return { id: consumer.id, feedId: feed.id, kind: consumer.kind, rtpParameters };
  }

  async resumeConsumer(consumerId: string): Promise<void> {
    this.#assertOpen();
    const consumer = this.#consumers.get(consumerId);
    if (!consumer) throw new NotFoundError(`consumer ${consumerId}`);
    await consumer.resume();
    // Ask the producer for a keyframe so the tile shows a picture at once, not at the next GOP.
    await consumer.requestKeyFrame();
  }

  /** Closes every transport (and with them their producers and consumers). Safe to call twice. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const feed of this.#feeds.values()) feed.close();
    for (const t of this.#transports.values()) t.close();
    this.#feeds.clear();
    this.#consumers.clear();
    this.#transports.clear();
    this.emit('@close');
  }

  #transport(id: string): WebRtcTransport {
    this.#assertOpen();
    const t = this.#transports.get(id);
    if (!t) throw new NotFoundError(`transport ${id}`);
    return t;
  }

  #assertOpen(): void {
    if (this.#closed) throw new InvalidStateError('MediaPeer closed');
  }
}
