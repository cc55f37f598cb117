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
