import { EventEmitter } from 'node:events';
import type { Router, Worker } from 'mediasoup/types';
import type { MediaRoomId } from '../../protocol/media.ts';
import { InvalidStateError, NotFoundError } from '../errors.ts';
import { MEDIA_CODECS } from './codecs.ts';
import type { Feed } from './Feed.ts';

export interface MediaRoomOptions {
  id: MediaRoomId;
  /** Consumers one router serves before the room opens another router (on another worker) and pipes its feeds there. */
  consumersPerRouter: number;
  /** A worker for a further router, other than those the room already uses where the pool has one. */
  spareWorker: (inUse: ReadonlySet<Worker>) => Worker;
}

export interface MediaRoomEvents {
  feedadded: [Feed];
  feedremoved: [Feed];
  '@close': [];
}

/** One router of a room and the consumers it serves; feeds are piped into a further router on first use. */
interface RouterSlot {
  router: Router;
  worker: Worker;
  consumers: number;
  pipes: Map<string, Promise<unknown>>;
}

/** A router chosen for one consumer, its slot held until `release()`. */
export interface RouterLease {
  router: Router;
  release: () => void;
}

/**
 * One media room: the feeds of a court's terminals not on an action (`court:<id>`), or of the teams
 * of one ongoing action (`action:<id>`). Feeds are published into its first router; once that serves
 * `consumersPerRouter` consumers, the room opens a router on another worker and pipes the feeds a
 * consumer there needs (pipeToRouter), so one room can be watched by more consoles than one worker holds.
 */
export class MediaRoom extends EventEmitter<MediaRoomEvents> {
  readonly id: MediaRoomId;
  readonly #opts: MediaRoomOptions;
  readonly #slots: RouterSlot[];
  readonly #feeds = new Map<string, Feed>();
  #opening: Promise<RouterSlot> | null = null;
  #closed = false;

  private constructor(router: Router, worker: Worker, opts: MediaRoomOptions) {
    super();
    this.id = opts.id;
    this.#opts = opts;
    this.#slots = [this.#slot(router, worker)];
    // The first router carries the producers: a dead worker takes the whole room with it.
    router.observer.once('close', () => this.close());
  }

  static async create(worker: Worker, opts: MediaRoomOptions): Promise<MediaRoom> {
    const router = await worker.createRouter({ mediaCodecs: MEDIA_CODECS, appData: { room: opts.id } });
    return new MediaRoom(router, worker, opts);
  }

  /** The router producers are published into. */
  get router(): Router {
    return this.#slots[0]!.router;
  }

  /** The routers of the room, first the publishing one, with the consumers each serves. */
  describe(): { routerId: string; workerPid: number; consumers: number }[] {
    return this.#slots.map((s) => ({ routerId: s.router.id, workerPid: s.worker.pid, consumers: s.consumers }));
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** True when nothing lives in the room: no feed, no consumer on any of its routers. */
  get idle(): boolean {
    return this.#feeds.size === 0 && this.#slots.every((s) => s.consumers === 0);
  }

  /** Registers a feed produced on the room's router and announces it. */
  addFeed(feed: Feed): void {
    if (this.#closed) throw new InvalidStateError('MediaRoom closed');
    this.#feeds.set(feed.id, feed);
    feed.once('@close', () => {
      this.#feeds.delete(feed.id);
      for (const s of this.#slots) s.pipes.delete(feed.id);
      this.emit('feedremoved', feed);
    });
    this.emit('feedadded', feed);
  }

  feed(feedId: string): Feed | undefined {
    return this.#feeds.get(feedId);
  }

  feeds(): Feed[] {
    return [...this.#feeds.values()];
  }

  /**
   * A router to consume `feedId` from, with room for one more consumer: the first one that has it,
   * else a new router on another worker. The feed is piped into it before this resolves.
   */
  async lease(feedId: string): Promise<RouterLease> {
    if (this.#closed) throw new InvalidStateError('MediaRoom closed');
    if (!this.#feeds.has(feedId)) throw new NotFoundError(`feed ${feedId}`);
    const slot = this.#slots.find((s) => s.consumers < this.#opts.consumersPerRouter) ?? (await this.#openRouter());
    slot.consumers++;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      slot.consumers--;
    };
    try {
      await this.#pipe(slot, feedId);
    } catch (err) {
      release();
      throw err;
    }
    return { router: slot.router, release };
  }

  #pipe(slot: RouterSlot, feedId: string): Promise<unknown> {
    if (slot === this.#slots[0]) return Promise.resolve();
    let piped = slot.pipes.get(feedId);
    if (!piped) {
      piped = this.router.pipeToRouter({ producerId: feedId, router: slot.router });
      slot.pipes.set(feedId, piped);
      piped.catch(() => slot.pipes.delete(feedId));
    }
    return piped;
  }

  #openRouter(): Promise<RouterSlot> {
    // Consumers arriving together share one new router.
    this.#opening ??= (async () => {
      const worker = this.#opts.spareWorker(new Set(this.#slots.map((s) => s.worker)));
      const router = await worker.createRouter({ mediaCodecs: MEDIA_CODECS, appData: { room: this.id } });
      if (this.#closed) {
        router.close();
        throw new InvalidStateError('MediaRoom closed');
      }
      const slot = this.#slot(router, worker);
      this.#slots.push(slot);
      // A further router that dies takes only its consumers; their clients consume again elsewhere.
      router.observer.once('close', () => {
        const i = this.#slots.indexOf(slot);
        if (i > 0) this.#slots.splice(i, 1);
      });
      return slot;
    })().finally(() => {
      this.#opening = null;
    });
    return this.#opening;
  }

  #slot(router: Router, worker: Worker): RouterSlot {
    return { router, worker, consumers: 0, pipes: new Map() };
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const feed of [...this.#feeds.values()]) feed.close();
    this.#feeds.clear();
    // Closed on purpose (idle, shutting down), not by a dying worker: transports on it say 'closed'.
    for (const s of this.#slots) s.router.appData['closedOnPurpose'] = true;
    for (const s of this.#slots) if (!s.router.closed) s.router.close();
    this.emit('@close');
  }
}
