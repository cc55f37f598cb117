import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { systemClock, type Clock } from '../clock.ts';

/** Event-loop lag over one window: how late a timer ran beyond its due time. */
export interface LoopLag {
  p99Ms: number;
  maxMs: number;
  windowSeconds: number;
}

export interface LoopMonitorOptions {
  /** Length of a window (s); health reports the last complete one. Default 10. */
  windowSeconds?: number;
  /** Sampling timer (ms); Node's histogram counts this interval into every sample, we take it off. Default 10. */
  resolutionMs?: number;
  /** Whose timer closes each window (default the system clock). */
  clock?: Clock;
}

/**
 * Event-loop lag of this process for /api/health: perf_hooks' histogram, read and reset every
 * window so the figure describes the last few seconds, not the whole uptime (start-up and the first
 * connections would dominate it for hours).
 */
export class LoopMonitor {
  readonly #histogram: IntervalHistogram;
  readonly #resolutionMs: number;
  readonly #windowSeconds: number;
  readonly #stop: () => void;
  #last: LoopLag | null = null;
  #closed = false;

  constructor(opts: LoopMonitorOptions = {}) {
    this.#resolutionMs = opts.resolutionMs ?? 10;
    this.#windowSeconds = opts.windowSeconds ?? 10;
    this.#histogram = monitorEventLoopDelay({ resolution: this.#resolutionMs });
    this.#histogram.enable();
    this.#stop = (opts.clock ?? systemClock).every(this.#windowSeconds * 1000, () => {
      this.#last = this.#read();
      this.#histogram.reset();
    });
  }

  /** The last complete window; the window so far until the first one completes. */
  lag(): LoopLag {
    return this.#last ?? this.#read();
  }

  /** Stops sampling; a second call does nothing. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#stop();
    this.#histogram.disable();
  }

  #read(): LoopLag {
    const h = this.#histogram;
    if (h.count === 0) return { p99Ms: 0, maxMs: 0, windowSeconds: this.#windowSeconds };
    const lag = (ns: number) => Math.max(0, Math.round((ns / 1e6 - this.#resolutionMs) * 10) / 10);
    return { p99Ms: lag(h.percentile(99)), maxMs: lag(h.max), windowSeconds: this.#windowSeconds };
  }
}
