/** Latencies in 0.1 ms buckets up to 10 s: millions of samples in constant memory. */
export class Histogram {
  readonly #buckets = new Uint32Array(100_001);
  count = 0;
  add(ms: number): void {
    this.#buckets[Math.min(100_000, Math.max(0, Math.round(ms * 10)))]!++;
    this.count++;
  }
  percentile(p: number): number | null {
    if (this.count === 0) return null;
    const rank = Math.ceil((p / 100) * this.count);
    let seen = 0;
    for (let i = 0; i < this.#buckets.length; i++) {
      seen += this.#buckets[i] ?? 0;
      if (seen >= rank) return i / 10;
    }
    return 100_000 / 10;
  }
}
