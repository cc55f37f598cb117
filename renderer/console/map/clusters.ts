import { RISK_COLOURS, type RiskColour } from '../../../protocol/domain.ts';
import type { CaseColumns } from './caseColumns.ts';
import { RISK_RGBA, type Rgba } from './palette.ts';

// Cases clustered on a grid of the Web Mercator plane (the map's own), one grid per whole zoom
// level: a cell is CELL_PX screen pixels wide at that zoom, so a province view holds a few hundred
// clusters and a cluster never jumps while the view pans (the grid is fixed to the world, not the
// screen). Each cluster counts its cases by colour; the counts follow the filters and colour toggles.

/** Screen pixels per grid cell. */
export const CELL_PX = 64;
/** From this zoom on the map draws every case on its own. */
export const CLUSTER_MAX_ZOOM = 12;
/** deck.gl's world: 512 units around the globe at zoom 0. */
const WORLD = 512;

/** The clusters of one zoom level: cluster j at lngLat[2j], [2j+1] (the mean of its cases), counts at byColour[4j…4j+3]. */
export interface Clusters {
  readonly count: number;
  readonly lngLat: Float64Array;
  /** Counts by RISK_COLOURS index. */
  readonly byColour: Uint32Array;
  readonly total: Uint32Array;
}

/** x, y of a point on deck.gl's 512-unit Web Mercator plane. */
export function mercator(lng: number, lat: number): [number, number] {
  const x = ((lng + 180) / 360) * WORLD;
  const phi = (Math.max(-85.05, Math.min(85.05, lat)) * Math.PI) / 180;
  const y = ((1 - Math.log(Math.tan(Math.PI / 4 + phi / 2)) / Math.PI) / 2) * WORLD;
  return [x, y];
}

/** Each case's place on the Web Mercator plane, computed once per answer (every zoom level's grid reads it). */
const planes = new WeakMap<CaseColumns, Float64Array>();
function plane(columns: CaseColumns): Float64Array {
  let xy = planes.get(columns);
  if (!xy) {
    xy = new Float64Array(2 * columns.count);
    for (let i = 0; i < columns.count; i++) {
      const [x, y] = mercator(columns.positions[2 * i]!, columns.positions[2 * i + 1]!);
      xy[2 * i] = x;
      xy[2 * i + 1] = y;
    }
    planes.set(columns, xy);
  }
  return xy;
}

/**
 * Clusters the visible cases (mask 1, colour shown) on the grid of `zoom` (floored). O(n) with one
 * Map of occupied cells: 20-40 ms for 100,000 cases on one core, once per zoom level and filter.
 */
export function clusterCases(columns: CaseColumns, mask: Float32Array | null, shown: ReadonlySet<RiskColour>, zoom: number): Clusters {
  const z = Math.max(0, Math.floor(zoom));
  const cell = CELL_PX / 2 ** z;
  const show = RISK_COLOURS.map((c) => shown.has(c));
  const cells = new Map<number, number>();
  const sums: number[] = [];
  const counts: number[] = [];
  const perRow = Math.ceil(WORLD / cell) + 1;
  const xy = plane(columns);
  for (let i = 0; i < columns.count; i++) {
    if (mask && mask[i] === 0) continue;
    const k = columns.risk[i]!;
    if (!show[k]) continue;
    const lng = columns.positions[2 * i]!;
    const lat = columns.positions[2 * i + 1]!;
    const key = Math.floor(xy[2 * i + 1]! / cell) * perRow + Math.floor(xy[2 * i]! / cell);
    let j = cells.get(key);
    if (j === undefined) {
      j = cells.size;
      cells.set(key, j);
      sums.push(0, 0);
      counts.push(0, 0, 0, 0);
    }
    sums[2 * j]! += lng;
    sums[2 * j + 1]! += lat;
    counts[4 * j + k]!++;
  }
  const n = cells.size;
  const lngLat = new Float64Array(2 * n);
  const byColour = Uint32Array.from(counts);
  const total = new Uint32Array(n);
  for (let j = 0; j < n; j++) {
    const t = byColour[4 * j]! + byColour[4 * j + 1]! + byColour[4 * j + 2]! + byColour[4 * j + 3]!;
    total[j] = t;
    lngLat[2 * j] = sums[2 * j]! / t;
    lngLat[2 * j + 1] = sums[2 * j + 1]! / t;
  }
  return { count: n, lngLat, byColour, total };
}

/** A cluster's circle radius in pixels: grows with the square root of its count, within [9, 30]. */
export function clusterRadius(total: number): number {
  return Math.max(9, Math.min(30, 6 + 2.2 * Math.sqrt(total)));
}

/** How finely a cluster's pie shows its shares: twelfths (30° steps), 455 pies in all. */
export const PIE_UNITS = 12;

/**
 * A cluster's shares of 红黄蓝绿 in twelfths, summing to 12, every colour present getting at least
 * one (largest remainders): the pie drawn for it, so few enough pies exist to draw them all once.
 */
export function pieShares(counts: readonly number[]): number[] {
  const total = counts.reduce((a, b) => a + b, 0);
  if (total === 0) return counts.map(() => 0);
  const raw = counts.map((n) => (n / total) * PIE_UNITS);
  const shares = raw.map((r, k) => (counts[k]! > 0 ? Math.max(1, Math.floor(r)) : 0));
  let left = PIE_UNITS - shares.reduce((a, b) => a + b, 0);
  // Hand out what is left by largest remainder; take back from the largest share if the minimums overshot.
  const order = raw.map((r, k) => [r - Math.floor(r), k] as const).sort((a, b) => b[0] - a[0]);
  for (let i = 0; left > 0; i = (i + 1) % order.length) {
    const k = order[i]![1];
    if (counts[k]! > 0) {
      shares[k]!++;
      left--;
    }
  }
  while (left < 0) {
    const k = shares.indexOf(Math.max(...shares));
    shares[k]!--;
    left++;
  }
  return shares;
}

/** The name of cluster j's pie in the pie atlas: its shares, e.g. "3-0-4-5". */
export function pieKey(c: Clusters, j: number): string {
  return pieShares([c.byColour[4 * j]!, c.byColour[4 * j + 1]!, c.byColour[4 * j + 2]!, c.byColour[4 * j + 3]!]).join('-');
}

/** Every pie there is: the ways to share 12 among the four colours, each with two colours or more. */
export function allPieKeys(): string[] {
  const keys: string[] = [];
  for (let r = 0; r <= PIE_UNITS; r++)
    for (let y = 0; y <= PIE_UNITS - r; y++)
      for (let b = 0; b <= PIE_UNITS - r - y; b++) {
        const g = PIE_UNITS - r - y - b;
        if ([r, y, b, g].filter((n) => n > 0).length >= 2) keys.push(`${r}-${y}-${b}-${g}`);
      }
  return keys;
}

/** The colour a cluster of one colour is drawn in (a disc, no pie); null for a cluster of several. */
export function soleColour(c: Clusters, j: number): Rgba | null {
  const total = c.total[j]!;
  for (let k = 0; k < 4; k++) if (c.byColour[4 * j + k] === total) return RISK_RGBA[RISK_COLOURS[k]!];
  return null;
}

/** Counts of cluster j by colour name. */
export function clusterCounts(c: Clusters, j: number): Record<RiskColour, number> {
  return { red: c.byColour[4 * j]!, yellow: c.byColour[4 * j + 1]!, blue: c.byColour[4 * j + 2]!, green: c.byColour[4 * j + 3]! };
}
