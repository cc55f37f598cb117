import { EventEmitter } from 'node:events';
import os from 'node:os';
import * as mediasoup from 'mediasoup';
import type { Worker, WorkerLogLevel } from 'mediasoup/types';
import type { Logger } from '../logger.ts';
import { InvalidStateError } from '../errors.ts';

export interface MediaWorkerPoolOptions {
  /** Number of workers; 0 means one per CPU core. */
  workers: number;
  rtcMinPort: number;
  rtcMaxPort: number;
  logLevel: WorkerLogLevel;
  logger: Logger;
}

/** The mediasoup workers of this process (one C++ subprocess each), handed out round robin. */
export class MediaWorkerPool extends EventEmitter {
  readonly #workers: Worker[] = [];
  readonly #opts: MediaWorkerPoolOptions;
  #next = 0;
  #closed = false;

  private constructor(opts: MediaWorkerPoolOptions) {
    super();
    this.#opts = opts;
  }

  /** Starts the workers; rejects (closing those already started) if any fails to start. */
  static async create(opts: MediaWorkerPoolOptions): Promise<MediaWorkerPool> {
    const pool = new MediaWorkerPool(opts);
    const count = opts.workers > 0 ? opts.workers : Math.max(1, os.availableParallelism());
    try {
      for (let i = 0; i < count; i++) pool.#workers.push(await pool.#spawn());
    } catch (err) {
      pool.close();
      throw new Error(
        `mediasoup 工作进程启动失败 / mediasoup worker failed to start (worker binary: ${mediasoup.workerBin}); run \`npm run setup\``,
        { cause: err },
      );
    }
    return pool;
  }

  async #spawn(): Promise<Worker> {
    const { rtcMinPort, rtcMaxPort, logLevel, logger } = this.#opts;
    const worker = await mediasoup.createWorker({ rtcMinPort, rtcMaxPort, logLevel });
    worker.on('died', (error) => {
      logger.error({ pid: worker.pid, err: error }, 'mediasoup worker died');
      const i = this.#workers.indexOf(worker);
      if (i !== -1) this.#workers.splice(i, 1);
      // Its routers are gone with it; rooms on it close (they watch router 'workerclose').
      this.emit('workerdied', worker.pid);
      if (!this.#closed) this.#respawn();
    });
    return worker;
  }

  #respawn(): void {
    this.#spawn().then(
      (w) => {
        if (this.#closed) w.close();
        else this.#workers.push(w);
      },
      (err: unknown) => this.#opts.logger.error({ err }, 'mediasoup worker respawn failed'),
    );
  }

  /** The next worker, round robin. */
  pick(): Worker {
    if (this.#closed) throw new InvalidStateError('MediaWorkerPool closed');
    const worker = this.#workers[this.#next++ % this.#workers.length];
    if (!worker) throw new InvalidStateError('no live mediasoup worker');
    return worker;
  }

  /** pid and state of every worker, for /api/health. */
  describe(): { pid: number; closed: boolean }[] {
    return this.#workers.map((w) => ({ pid: w.pid, closed: w.closed }));
  }

  get closed(): boolean {
    return this.#closed;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const w of this.#workers) w.close();
    this.#workers.length = 0;
    this.emit('close');
  }
}
