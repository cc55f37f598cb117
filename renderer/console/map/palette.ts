import { RISK_COLOURS, type RiskColour, type TeamStatus } from '../../../protocol/domain.ts';

// The map's colours, as deck.gl takes them ([r, g, b, a], 0-255). The four risk colours are the
// theme's (renderer/lib/theme.css --red, --yellow, --blue, --green) so the legend, the side panels
// and the map agree; team statuses use hues no risk colour uses, so a team never reads as a case.

export type Rgba = readonly [number, number, number, number];

/** 红黄蓝绿, as theme.css draws them. */
export const RISK_RGBA: Readonly<Record<RiskColour, Rgba>> = {
  red: [229, 72, 77, 255],
  yellow: [245, 195, 59, 255],
  blue: [58, 160, 255, 255],
  green: [48, 164, 108, 255],
};

/** Field teams by status: white when idle, cyan en route, orange on scene, violet returning. */
export const STATUS_RGBA: Readonly<Record<TeamStatus, Rgba>> = {
  idle: [226, 232, 240, 255],
  en_route: [34, 211, 238, 255],
  on_scene: [249, 115, 22, 255],
  returning: [167, 139, 250, 255],
};

/** A team silent longer than positions.lostAfterSeconds. */
export const LOST_RGBA: Rgba = [107, 114, 128, 255];

/** The risk heatmap's weight per case: 红 weighs most. */
export const HEAT_WEIGHT: Readonly<Record<RiskColour, number>> = { red: 8, yellow: 4, blue: 2, green: 1 };

/** The risk colour of index `i` in RISK_COLOURS order (the order the map uses everywhere), or null. */
export function riskAt(i: number): RiskColour | null {
  return RISK_COLOURS[i] ?? null;
}

/**
 * For each colour index of a map-cases answer (its header names the colours), the index in
 * RISK_COLOURS: the wire's order is the server's to choose, the map's is fixed. Unknown names map to 255.
 */
export function riskIndexTable(headerColours: readonly string[]): Uint8Array {
  const table = new Uint8Array(256).fill(255);
  headerColours.forEach((name, i) => {
    const k = (RISK_COLOURS as readonly string[]).indexOf(name);
    if (k >= 0) table[i] = k;
  });
  return table;
}

/** How hot a court is: its share of red cases, weighing ten times its share of overdue cases. */
export function courtScore(counts: { active: number; red: number; overdue: number }): number {
  return counts.active > 0 ? (counts.red + counts.overdue / 10) / counts.active : 0;
}

/**
 * A court's shade from where its score stands among the courts shown (0 the calmest, 1 the
 * hottest): pale blue towards the theme's red, more opaque as it heats. Red cases are rare
 * (about 1%) and overdue nodes common, so a fixed scale paints every court alike; ranking them
 * against each other shows where to look. Alpha stays low enough for the base map's labels.
 */
export function courtShade(t: number | null): Rgba {
  if (t === null) return [0, 0, 0, 0];
  const k = Math.min(1, Math.max(0, t));
  const from = [58, 120, 190];
  const to = RISK_RGBA.red;
  const mix = (a: number, b: number) => Math.round(a + (b - a) * k);
  return [mix(from[0]!, to[0]), mix(from[1]!, to[1]), mix(from[2]!, to[2]), Math.round(70 + 100 * k)];
}

/** Each court's place between the calmest (0) and the hottest (1) of `courts`; null for a court without cases. */
export function courtHeat(courts: readonly { id: string; active: number; red: number; overdue: number }[]): Map<string, number | null> {
  const scored = courts.filter((c) => c.active > 0).map((c) => [c.id, courtScore(c)] as const);
  const lo = Math.min(...scored.map(([, s]) => s));
  const hi = Math.max(...scored.map(([, s]) => s));
  const out = new Map<string, number | null>(courts.map((c) => [c.id, null]));
  for (const [id, s] of scored) out.set(id, hi > lo ? (s - lo) / (hi - lo) : 0.5);
  return out;
}
