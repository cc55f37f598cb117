/**
 * The server's one clock: every feature reads the time and sets its timers through the Clock it is
 * given (buildApp makes one; tests pass a ManualClock and move it), never Date.now() or setInterval.
 */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /** Calls `fn` every `ms`; returns the function that stops it. */
  every(ms: number, fn: () => void): () => void;
}

/** The real clock; its timers never keep the process alive on their own. */
export const systemClock: Clock = {
  now: () => Date.now(),
  every(ms, fn) {
    const timer = setInterval(fn, ms);
    timer.unref();
    return () => clearInterval(timer);
  },
};

/** `clock`'s time as a Date. */
export function dateOf(clock: Clock): Date {
  return new Date(clock.now());
}

/** `clock`'s time as an ISO string (what the store and the wire carry). */
export function isoOf(clock: Clock): string {
  return new Date(clock.now()).toISOString();
}

/** Today's date in Asia/Shanghai ('YYYY-MM-DD'): deadlines are counted in China's calendar days. */
export function todayInShanghai(at: Clock | Date = systemClock): string {
  const ms = at instanceof Date ? at.getTime() : at.now();
  // UTC+8 all year (no daylight saving since 1991).
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** A clock whose time moves only when told; its timers fire in time order as it moves (tests). */
export class ManualClock implements Clock {
  t: number;
  readonly #timers = new Set<{ ms: number; next: number; fn: () => void }>();

  constructor(start: number | string = '2026-06-01T02:00:00.000Z') {
    this.t = typeof start === 'number' ? start : Date.parse(start);
  }

  now(): number {
    return this.t;
  }

  every(ms: number, fn: () => void): () => void {
    const timer = { ms, next: this.t + ms, fn };
    this.#timers.add(timer);
    return () => this.#timers.delete(timer);
  }

  /** How many timers are set. */
  get timers(): number {
    return this.#timers.size;
  }

  /** Moves the time on by `ms`, firing every timer due on the way. */
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      let first: { ms: number; next: number; fn: () => void } | undefined;
      for (const timer of this.#timers) if (timer.next <= end && (!first || timer.next < first.next)) first = timer;
      if (!first) break;
      this.t = first.next;
      first.next += first.ms;
      first.fn();
    }
    this.t = end;
  }
}
