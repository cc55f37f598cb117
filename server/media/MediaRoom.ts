import { EventEmitter } from 'node:events';
import type { Router, TransportListenInfo, Worker } from 'mediasoup/types';
import type { FeedInfo } from '../../protocol/media.ts';
import { InvalidStateError } from '../errors.ts';
import { MEDIA_CODECS } from './codecs.ts';
import type { Feed } from './Feed.ts';
import { MediaPeer } from './MediaPeer.ts';

export interface MediaRoomOptions {
  id: string;
  listenInfos: TransportListenInfo[];
}

export interface MediaRoomEvents {
  feedadded: [FeedInfo];
  feedremoved: [FeedInfo];
  '@close': [];
}

/**
 * One mediasoup Router and everyone in it: field terminals publishing, consoles watching.
 * Emits 'feedadded' / 'feedremoved' so the gateway can tell the consoles.
 */
export class MediaRoom extends EventEmitter<MediaRoomEvents> {
  readonly id: string;
  readonly router: Router;
  readonly #listenInfos: TransportListenInfo[];
  readonly #peers = new Map<string, MediaPeer>();
  readonly #feeds = new Map<string, Feed>();
  #closed = false;

  private constructor(router: Router, opts: MediaRoomOptions) {
    super();
    this.id = opts.id;
    this.router = router;
    this.#listenInfos = opts.listenInfos;
    // A dead worker takes the router with it.
    router.observer.once('close', () => this.close());
  }

  static async create(worker: Worker, opts: MediaRoomOptions): Promise<MediaRoom> {
    const router = await worker.createRouter({ mediaCodecs: MEDIA_CODECS });
    return new MediaRoom(router, opts);
  }

  /** Adds the media side of one socket; it leaves the room when closed. */
  addPeer(peerId: string, terminalId: string | null, label: string, courtId: string, canWatch: (courtId: string) => boolean): MediaPeer {
    if (this.#closed) throw new InvalidStateError('MediaRoom closed');
    this.#peers.get(peerId)?.close();
    const peer = new MediaPeer(this.router, {
      peerId,
      terminalId,
      label,
      courtId,
      canWatch,
      listenInfos: this.#listenInfos,
      findFeed: (feedId) => this.#feeds.get(feedId),
    });
    this.#peers.set(peerId, peer);
    peer.once('@close', () => {
      if (this.#peers.get(peerId) === peer) this.#peers.delete(peerId);
    });
    return peer;
  }

  /** How many peers (connections) the room holds. */
  get peerCount(): number {
    return this.#peers.size;
  }

  /** Registers a feed produced by one of the peers and announces it. */
  addFeed(feed: Feed): void {
    this.#feeds.set(feed.id, feed);
    feed.once('@close', () => {
      this.#feeds.delete(feed.id);
      if (!this.#closed) this.emit('feedremoved', feed.info);
    });
    this.emit('feedadded', feed.info);
  }

  listFeeds(): FeedInfo[] {
    return [...this.#feeds.values()].map((f) => f.info);
  }

  get closed(): boolean {
    return this.#closed;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const peer of this.#peers.values()) peer.close();
    this.#peers.clear();
    this.#feeds.clear();
    if (!this.router.closed) this.router.close();
    this.emit('@close');
  }
}
