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
export class MediaWorkerPool extends EventEmitter<{ died: [Worker]; close: [] }> {
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
      await pool.close();
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
      // Its routers are gone with it; rooms on it close (they watch their router's 'close').
      if (!this.#closed) {
        this.#respawn();
        this.emit('died', worker);
      }
    });
    return worker;
  }

  #respawn(): void {
    this.#spawn().then(
      (w) => {
        if (this.#closed) void closeAndWait(w, 3_000);
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

  /** A worker not in `inUse` (round robin among them) where the pool has one, else the next one. */
  spare(inUse: ReadonlySet<Worker>): Worker {
    const others = this.#workers.filter((w) => !inUse.has(w));
    if (others.length === 0) return this.pick();
    return others[this.#next++ % others.length]!;
  }

  /** pid and state of every worker, for /api/health. */
  describe(): { pid: number; closed: boolean }[] {
    return this.#workers.map((w) => ({ pid: w.pid, closed: w.closed }));
  }

  get closed(): boolean {
    return this.#closed;
  }

  /**
   * Closes every worker and resolves once their subprocesses have exited, so a shutdown leaves no
   * orphan mediasoup-worker behind. A worker that has not exited after `graceMs` is killed.
   */
  async close(graceMs = 3_000): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const workers = this.#workers.splice(0);
    await Promise.all(workers.map((w) => closeAndWait(w, graceMs)));
    this.emit('close');
  }
}

function closeAndWait(worker: Worker, graceMs: number): Promise<void> {
  // mediasoup closes its workers itself on SIGINT/SIGTERM, so on shutdown the subprocess may be gone already.
  if (worker.subprocessClosed) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      try {
        process.kill(worker.pid, 'SIGKILL');
      } catch {
        // Already gone between the timeout and the kill: nothing left to stop.
      }
      resolve();
    }, graceMs);
    worker.once('subprocessclose', () => {
      clearTimeout(timer);
      resolve();
    });
    worker.close();
  });
}
