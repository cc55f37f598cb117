import type { TransportListenInfo } from 'mediasoup/types';
import * as mediasoup from 'mediasoup';
import type { Config } from '../../config/schema.ts';
import type { Logger } from '../logger.ts';
import { MediaRoom } from './MediaRoom.ts';
import { MediaWorkerPool } from './MediaWorkerPool.ts';

/** The media plane of the server: the worker pool and the rooms on it. */
export class MediaService {
  readonly pool: MediaWorkerPool;
  readonly #listenInfos: TransportListenInfo[];
  readonly #rooms = new Map<string, Promise<MediaRoom>>();
  #closed = false;

  private constructor(pool: MediaWorkerPool, listenInfos: TransportListenInfo[]) {
    this.pool = pool;
    this.#listenInfos = listenInfos;
  }

  static async create(config: Config['media'], logger: Logger): Promise<MediaService> {
    const pool = await MediaWorkerPool.create({
      workers: config.workers,
      rtcMinPort: config.rtcMinPort,
      rtcMaxPort: config.rtcMaxPort,
      logLevel: config.logLevel,
      logger,
    });
    const portRange = { min: config.rtcMinPort, max: config.rtcMaxPort };
    const announcedAddress = config.announcedAddress ?? undefined;
    const listenInfos: TransportListenInfo[] = [
      { protocol: 'udp', ip: config.listenIp, announcedAddress, portRange },
      { protocol: 'tcp', ip: config.listenIp, announcedAddress, portRange },
    ];
    return new MediaService(pool, listenInfos);
  }

  get version(): string {
    return mediasoup.version;
  }

  /** The room `id`, created on first use on the next worker; recreated if its worker died. */
  async room(id: string): Promise<MediaRoom> {
    const existing = this.#rooms.get(id);
    if (existing) {
      const room = await existing;
      if (!room.closed) return room;
    }
    const created = MediaRoom.create(this.pool.pick(), { id, listenInfos: this.#listenInfos });
    this.#rooms.set(id, created);
    created.then(
      (room) => room.once('@close', () => {
        if (this.#rooms.get(id) === created) this.#rooms.delete(id);
      }),
      () => this.#rooms.delete(id),
    );
    return created;
  }

  /** Closes every room, then the workers; resolves once the worker subprocesses have exited. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const pending of this.#rooms.values()) {
      pending.then(
        (room) => room.close(),
        () => undefined, // a room that never opened has nothing to close
      );
    }
    this.#rooms.clear();
    await this.pool.close();
  }
}
