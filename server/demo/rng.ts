// Seeded randomness for the demo province: mulberry32 streams, one per label, so one seed gives one
// data set on every machine.

/** One seeded stream of draws. */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [lo, hi], both included. */
  int(lo: number, hi: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** Standard normal (Box-Muller). */
  normal(): number;
  /** A version-4-shaped UUID, so demo ids look like the ones the server mints. */
  uuid(): string;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** FNV-1a: turns a stream label into 32 bits, so each part of the data has its own stream. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

const BYTE_HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/**
 * One independent stream per label: the accounts' passwords do not change when the number of cases
 * does, and adding a draw to the cases does not reshuffle the teams.
 */
export function createRng(seed: number, label: string): Rng {
  const next = mulberry32((seed ^ fnv1a(label)) >>> 0);
  const rng: Rng = {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    chance: (p) => next() < p,
    pick: <T>(items: readonly T[]): T => {
      const item = items[Math.floor(next() * items.length)];
      if (item === undefined) throw new RangeError('pick from an empty list');
      return item;
    },
    normal: () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next()),
    uuid: () => {
      // 337,000 ids for 50,000 cases: table lookups, not toString(16), keep this off the profile.
      const w0 = (next() * 4_294_967_296) >>> 0;
      const w1 = (next() * 4_294_967_296) >>> 0;
      const w2 = (((next() * 4_294_967_296) & 0x3fffffff) | 0x80000000) >>> 0; // variant 10xx
      const w3 = (next() * 4_294_967_296) >>> 0;
      const h = (w: number): string => BYTE_HEX[w >>> 24]! + BYTE_HEX[(w >>> 16) & 255]! + BYTE_HEX[(w >>> 8) & 255]! + BYTE_HEX[w & 255]!;
      const b = h(w1);
      const c = h(w2);
      return `${h(w0)}-${b.slice(0, 4)}-4${b.slice(5)}-${c.slice(0, 4)}-${c.slice(4)}${h(w3)}`;
    },
  };
  return rng;
}

/** Cumulative weights for O(log n) weighted picks over many draws. */
export function weightedPicker<T>(items: readonly T[], weight: (item: T) => number): (r: number) => T {
  const cum: number[] = [];
  let total = 0;
  for (const it of items) {
    total += weight(it);
    cum.push(total);
  }
  return (r) => {
    const x = r * total;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return items[lo]!;
  };
}
