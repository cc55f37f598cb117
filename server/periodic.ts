import type { Clock } from './clock.ts';
import type { Logger } from './logger.ts';

export interface PeriodicTaskOptions {
  clock: Clock;
  everyMs: number;
  /** One run (synchronous, or a promise); a failure is logged under `what` and the task goes on. */
  run: () => unknown;
  logger: Logger;
  /** What the log says failed (zh-CN / English). */
  what: string;
  /** Run once as soon as it starts (default false). */
  immediately?: boolean;
  /** Run once more when it closes, after any run in flight (a final write on shutdown; default false). */
  finally?: boolean;
}

/**
 * The one periodic-task helper every server timer goes through: runs on the given clock, one run at
 * a time (a tick that finds a run in flight is skipped, never queued behind it), errors logged, and
 * close() stops the timer and waits for the run in flight. A feature starts its tasks when it starts
 * and closes them in its own onClose.
 */
export class PeriodicTask {
  readonly #o: PeriodicTaskOptions;
  #stop: (() => void) | null = null;
  #running: Promise<void> | null = null;
  #closed = false;

  constructor(opts: PeriodicTaskOptions) {
    this.#o = opts;
  }

  start(): this {
    if (this.#closed || this.#stop) return this;
    this.#stop = this.#o.clock.every(this.#o.everyMs, () => {
      if (!this.#running) this.#tick();
    });
    if (this.#o.immediately) this.#tick();
    return this;
  }

  /** One run now, after any run in flight; rejects with its failure (a timer's run logs it instead). */
  runNow(): Promise<void> {
    const previous = this.#running;
    if (previous) return this.#track(previous.then(() => this.#o.run()));
    // Nothing in flight: the run starts now; a synchronous one is over before this returns.
    let result: unknown;
    try {
      result = this.#o.run();
    } catch (err) {
      return Promise.reject(err as Error);
    }
    return result instanceof Promise ? this.#track(result) : Promise.resolve();
  }

  /** Marks `run` as the run in flight until it settles. */
  #track(run: Promise<unknown>): Promise<void> {
    const done = run.then(() => undefined);
    // The chain survives a failed run; the caller still sees the failure.
    const settled = done.catch(() => undefined);
    this.#running = settled;
    void settled.then(() => {
      if (this.#running === settled) this.#running = null;
    });
    return done;
  }

  #tick(): void {
    this.runNow().catch((err: unknown) => this.#o.logger.error({ err }, this.#o.what));
  }

  /** Stops the timer, waits for the run in flight (and runs once more with `finally`); a second call does nothing. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#stop?.();
    this.#stop = null;
    if (this.#o.finally) await this.runNow().catch((err: unknown) => this.#o.logger.error({ err }, this.#o.what));
    else await this.#running;
  }
}
