/** Today's date in Asia/Shanghai ('YYYY-MM-DD'): deadlines are counted in China's calendar days. */
export function todayInShanghai(now: Date = new Date()): string {
  // UTC+8 all year (no daylight saving since 1991).
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** Time and timers, injectable so tests drive frames, persistence and the lost sweep without sleeping. */
export interface HubClock {
  /** Epoch milliseconds. */
  now(): number;
  /** Calls `fn` every `ms`; returns the function that stops it. */
  every(ms: number, fn: () => void): () => void;
}

/** The real clock; its timers never keep the process alive on their own. */
export const systemClock: HubClock = {
  now: () => Date.now(),
  every(ms, fn) {
    const timer = setInterval(fn, ms);
    timer.unref();
    return () => clearInterval(timer);
  },
};
