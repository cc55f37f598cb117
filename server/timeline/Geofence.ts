/** The site of an ongoing action: a circle around its place (WGS-84). */
export interface FenceSite {
  lng: number;
  lat: number;
  radiusM: number;
}

/**
 * Where a team stands against one fence: 'unknown' until its first fix after the start (or after it
 * was assigned), 'loading' while its last crossing is read from the store (fixes are ignored then).
 */
export type FenceState = 'unknown' | 'loading' | 'inside' | 'outside';

/** A team crossed a fence. */
export interface Crossing {
  actionId: string;
  teamId: string;
  kind: 'arrive' | 'depart';
  /** From the site's centre to the fix. */
  distanceM: number;
  radiusM: number;
  lng: number;
  lat: number;
  /** The fix's time (epoch ms, the terminal's clock). */
  fixAt: number;
}

const EARTH_RADIUS_M = 6_371_008.8;
const rad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle distance in metres between two WGS-84 points (haversine: within millimetres at a site's scale). */
export function distanceM(lng1: number, lat1: number, lng2: number, lat2: number): number {
  const dLat = rad(lat2 - lat1);
  const dLng = rad(lng2 - lng1);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(lat1)) * Math.cos(rad(lat2)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * The geofences of ongoing actions and where each assigned team stands against them, in memory.
 * A team arrives with its first fix inside the circle (distance ≤ radius) and departs only once a fix
 * is more than `hysteresisM` beyond it, so GPS jitter on the line gives one crossing, not a flapping
 * pair. A first fix outside says nothing (the team has not arrived yet).
 */
export class Geofence {
  readonly #hysteresisM: number;
  readonly #sites = new Map<string, FenceSite>();
  /** teamId → actionId → state. */
  readonly #teams = new Map<string, Map<string, FenceState>>();

  constructor(hysteresisM: number) {
    this.#hysteresisM = hysteresisM;
  }

  /** Sets (or moves) an action's fence. */
  setSite(actionId: string, site: FenceSite): void {
    this.#sites.set(actionId, site);
  }

  /** Whether the team is fenced on the action (in any state). */
  has(actionId: string, teamId: string): boolean {
    return this.#teams.get(teamId)?.has(actionId) ?? false;
  }

  /** The teams fenced on an action. */
  teamsOf(actionId: string): string[] {
    return [...this.#teams].filter(([, byAction]) => byAction.has(actionId)).map(([teamId]) => teamId);
  }

  /** Sets where a team stands on an action's fence. */
  setState(actionId: string, teamId: string, state: FenceState): void {
    let byAction = this.#teams.get(teamId);
    if (!byAction) this.#teams.set(teamId, (byAction = new Map()));
    byAction.set(actionId, state);
  }

  removeTeam(actionId: string, teamId: string): void {
    const byAction = this.#teams.get(teamId);
    if (!byAction?.delete(actionId)) return;
    if (byAction.size === 0) this.#teams.delete(teamId);
  }

  /** Forgets an action (it finished or was cancelled) and its teams' states. */
  drop(actionId: string): void {
    this.#sites.delete(actionId);
    for (const teamId of this.teamsOf(actionId)) this.removeTeam(actionId, teamId);
  }

  /** Takes a team's fix; answers the crossings it makes (at most one per action), state already moved. */
  check(teamId: string, fix: { lng: number; lat: number; at: number }): Crossing[] {
    const byAction = this.#teams.get(teamId);
    if (!byAction) return [];
    const out: Crossing[] = [];
    for (const [actionId, state] of byAction) {
      const site = this.#sites.get(actionId);
      if (!site || state === 'loading') continue;
      const d = distanceM(site.lng, site.lat, fix.lng, fix.lat);
      let kind: Crossing['kind'] | null = null;
      if (state !== 'inside' && d <= site.radiusM) kind = 'arrive';
      else if (state === 'inside' && d > site.radiusM + this.#hysteresisM) kind = 'depart';
      else if (state === 'unknown') byAction.set(actionId, 'outside');
      if (!kind) continue;
      byAction.set(actionId, kind === 'arrive' ? 'inside' : 'outside');
      out.push({ actionId, teamId, kind, distanceM: Math.round(d), radiusM: site.radiusM, lng: fix.lng, lat: fix.lat, fixAt: fix.at });
    }
    return out;
  }
}
