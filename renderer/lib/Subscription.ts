import type { Consumer } from 'mediasoup-client/types';
import type { FeedInfo } from '../../protocol/media.ts';
import { request, type ClientSocket } from './socket.ts';
import { Store } from './store.ts';

/**
 * One consumer of a feed held by a tile: its track, the layer the SFU sends, and its end. It ends when
 * the tile closes it, when the server closes it (its feed ended, its router died), when its transport
 * fails, or when the socket drops (the server forgets every consumer of a socket): `ended` fires once
 * and the tile consumes again.
 */
export class Subscription {
  readonly feed: FeedInfo;
  readonly consumer: Consumer;
  /** The spatial layer the SFU sends now (0 lowest), null while none. */
  readonly layer = new Store<number | null>(null);
  readonly #socket: ClientSocket;
  readonly #ended = new Set<(why: string) => void>();
  #preferred: number | null = 0;
  #paused = false;
  #done = false;

  constructor(socket: ClientSocket, feed: FeedInfo, consumer: Consumer) {
    this.#socket = socket;
    this.feed = feed;
    this.consumer = consumer;
    consumer.on('transportclose', () => this.end('transport'));
    consumer.on('trackended', () => this.end('track'));
  }

  get track(): MediaStreamTrack {
    return this.consumer.track;
  }

  get closed(): boolean {
    return this.#done;
  }

  /** Called once when the subscription ends, for whatever reason. */
  onEnded(fn: (why: string) => void): () => void {
    if (this.#done) {
      fn('closed');
      return () => undefined;
    }
    this.#ended.add(fn);
    return () => this.#ended.delete(fn);
  }

  /** Asks for a spatial layer (a tile's size); repeated asks for the same layer send nothing. */
  async preferLayer(spatialLayer: number): Promise<void> {
    if (this.#done || this.#preferred === spatialLayer) return;
    this.#preferred = spatialLayer;
    await request(this.#socket, 'media:consumer:layers', { consumerId: this.consumer.id, spatialLayer });
  }

  /** Pauses (a hidden tile) or resumes the consumer on the SFU, so hidden tiles cost no bandwidth. */
  async setPaused(paused: boolean): Promise<void> {
    if (this.#done || this.#paused === paused) return;
    this.#paused = paused;
    await request(this.#socket, paused ? 'media:consumer:pause' : 'media:consumer:resume', { consumerId: this.consumer.id });
  }

  /** Asks the publisher for a key frame (a tile whose picture stopped). */
  async requestKeyFrame(): Promise<void> {
    if (!this.#done) await request(this.#socket, 'media:consumer:keyframe', { consumerId: this.consumer.id });
  }

  /** Frames decoded so far (inbound-rtp framesDecoded). */
  async framesDecoded(): Promise<number> {
    let frames = 0;
    (await this.consumer.getStats()).forEach((s: { type?: string; framesDecoded?: number }) => {
      if (s.type === 'inbound-rtp' && typeof s.framesDecoded === 'number') frames = s.framesDecoded;
    });
    return frames;
  }

  /** The tile is done with it: close it here and on the SFU. */
  close(): void {
    if (this.#done) return;
    const id = this.consumer.id;
    this.end('closed');
    request(this.#socket, 'media:consumer:close', { consumerId: id }).catch(() => undefined /* the server forgot it already */);
  }

  /** Ends it locally (the server already closed it, or the socket dropped). */
  end(why: string): void {
    if (this.#done) return;
    this.#done = true;
    if (!this.consumer.closed) this.consumer.close();
    for (const fn of this.#ended) fn(why);
    this.#ended.clear();
  }
}
