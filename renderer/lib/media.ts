import { Device } from 'mediasoup-client';
import type { Consumer, Producer, Transport } from 'mediasoup-client/types';
import type { FeedInfo } from '../../protocol/media.ts';
import { request, type ClientSocket } from './socket.ts';

/** A subscribed feed: its consumer and the track to put in a <video>. */
export interface Subscription {
  feed: FeedInfo;
  consumer: Consumer;
  track: MediaStreamTrack;
}

/**
 * The browser side of the SFU for one socket: loads the Device with the router's capabilities,
 * then publishes tracks (field) or subscribes to feeds (console). One send and one recv
 * transport, created on first use.
 */
export class MediaClient {
  readonly #socket: ClientSocket;
  #device: Device | null = null;
  #send: Promise<Transport> | null = null;
  #recv: Promise<Transport> | null = null;
  readonly #consumers = new Map<string, Consumer>();
  #closed = false;

  constructor(socket: ClientSocket) {
    this.#socket = socket;
  }

  async #loadDevice(): Promise<Device> {
    if (this.#device) return this.#device;
    const caps = await request(this.#socket, 'media:capabilities');
    const device = new Device();
    await device.load({ routerRtpCapabilities: caps });
    this.#device = device;
    return device;
  }

  async #createTransport(direction: 'send' | 'recv'): Promise<Transport> {
    const device = await this.#loadDevice();
    const socket = this.#socket;
    const options = await request(socket, 'media:transport:create', { direction });
    const transport = direction === 'send' ? device.createSendTransport(options) : device.createRecvTransport(options);
    transport.on('connect', ({ dtlsParameters }, callback, errback) => {
      request(socket, 'media:transport:connect', { transportId: transport.id, dtlsParameters }).then(() => callback(), errback);
    });
    if (direction === 'send') {
      transport.on('produce', ({ kind, rtpParameters }, callback, errback) => {
        request(socket, 'media:produce', { transportId: transport.id, kind, rtpParameters }).then(
          ({ feedId }) => callback({ id: feedId }),
          errback,
        );
      });
    }
    return transport;
  }

  /** Publishes a camera or microphone track; the returned Producer's id is the feed id. */
  async publish(track: MediaStreamTrack): Promise<Producer> {
    this.#send ??= this.#createTransport('send');
    const transport = await this.#send;
    return transport.produce({
      track,
      // Body cams and 4G units sit on thin uplinks: start modest and let congestion control climb.
      encodings: track.kind === 'video' ? [{ maxBitrate: 1_200_000 }] : undefined,
      stopTracks: false,
    });
  }

  /** Subscribes to a feed: the server creates a paused consumer, resumed once ours exists. */
  async subscribe(feed: FeedInfo): Promise<Subscription> {
    const device = await this.#loadDevice();
    this.#recv ??= this.#createTransport('recv');
    const transport = await this.#recv;
    const options = await request(this.#socket, 'media:consume', {
      transportId: transport.id,
      feedId: feed.feedId,
      rtpCapabilities: device.rtpCapabilities,
    });
    const consumer = await transport.consume({
      id: options.id,
      producerId: options.feedId,
      kind: options.kind,
      rtpParameters: options.rtpParameters,
    });
    this.#consumers.set(consumer.id, consumer);
    consumer.observer.once('close', () => this.#consumers.delete(consumer.id));
    await request(this.#socket, 'media:consumer:resume', { consumerId: consumer.id });
    return { feed, consumer, track: consumer.track };
  }

  /** Frames decoded so far by a consumer (inbound-rtp framesDecoded), for the tile's overlay. */
  static async framesDecoded(consumer: Consumer): Promise<number> {
    let frames = 0;
    (await consumer.getStats()).forEach((s: { type?: string; framesDecoded?: number }) => {
      if (s.type === 'inbound-rtp' && typeof s.framesDecoded === 'number') frames = s.framesDecoded;
    });
    return frames;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const c of this.#consumers.values()) c.close();
    for (const p of [this.#send, this.#recv]) {
      p?.then(
        (t) => t.close(),
        () => undefined, // a transport that never opened has nothing to close
      );
    }
  }
}
