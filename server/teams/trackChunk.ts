import { TEAM_STATUSES, type TeamStatus } from '../../protocol/domain.ts';
import type { TeamTrack } from '../../protocol/map.ts';

// Track history is stored in chunks, one row of team_positions per team and stretch of up to ten
// minutes, the points packed as varint deltas (about 5-6 bytes a point): a row per point cost ~100
// bytes with its indexes (the team's UUID and an ISO time in every row) and made a team-day thousands
// of rows to read back.
//
// A chunk is a sequence of points, each three unsigned LEB128 varints:
//   (ms since the previous point, 0 for the first) × 8 + status (its index in TEAM_STATUSES)
//   zigzag(lng in micro-degrees − the previous point's; the first point's is taken from 0)
//   zigzag(lat in micro-degrees − the previous point's)

/** One kept fix of a team: when (epoch ms, terminal clock), where (WGS-84) and its status then. */
export interface TrackPoint {
  at: number;
  lng: number;
  lat: number;
  status: TeamStatus;
}

/** Statuses fit in the low 3 bits of the time varint. */
const STATUS_BITS = 8;

/** A fix is kept when this long has passed since the last kept one… */
export const KEEP_EVERY_MS = 10_000;
/** …or the team moved this far from it, or its status changed. */
export const KEEP_METRES = 20;

const STATUS_CODE = new Map<string, number>(TEAM_STATUSES.map((s, i) => [s, i]));
const EARTH_RADIUS_M = 6_371_008.8;

/** Great-circle distance in metres (haversine). */
export function metresBetween(a: { lng: number; lat: number }, b: { lng: number; lat: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Whether `p` goes into the history after `last`: 10 s later, 20 m away, or another status. */
export function keeps(last: TrackPoint | null, p: TrackPoint): boolean {
  if (last === null) return true;
  if (p.at <= last.at) return false;
  return p.status !== last.status || p.at - last.at >= KEEP_EVERY_MS || metresBetween(last, p) >= KEEP_METRES;
}

function pushVarint(out: number[], v: number): void {
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
}

const zigzag = (v: number) => (v < 0 ? -2 * v - 1 : 2 * v);
const unzigzag = (v: number) => (v % 2 === 1 ? -(v + 1) / 2 : v / 2);

/** One row of team_positions: the points of `points` (ascending in time) packed. */
export function encodeChunk(points: readonly TrackPoint[]): { startsAt: string; endsAt: string; points: number; data: Buffer } {
  const first = points[0];
  const last = points[points.length - 1];
  if (!first || !last) throw new RangeError('a track chunk needs at least one point');
  const bytes: number[] = [];
  let prev = { at: first.at, lng: 0, lat: 0 };
  for (const p of points) {
    const lng = Math.round(p.lng * 1e6);
    const lat = Math.round(p.lat * 1e6);
    pushVarint(bytes, (p.at - prev.at) * STATUS_BITS + (STATUS_CODE.get(p.status) ?? 0));
    pushVarint(bytes, zigzag(lng - prev.lng));
    pushVarint(bytes, zigzag(lat - prev.lat));
    prev = { at: p.at, lng, lat };
  }
  return { startsAt: new Date(first.at).toISOString(), endsAt: new Date(last.at).toISOString(), points: points.length, data: Buffer.from(bytes) };
}

/** Appends to `out` the points of a stored chunk whose first point was at `startsAt`, those in [from, to] only. */
export function decodeChunk(startsAt: string, data: Uint8Array, from: number, to: number, out: TrackPoint[]): void {
  let i = 0;
  const next = () => {
    let v = 0;
    let scale = 1;
    for (;;) {
      const b = data[i++];
      if (b === undefined) throw new RangeError('track chunk cut short');
      v += (b & 0x7f) * scale;
      if (b < 0x80) return v;
      scale *= 0x80;
    }
  };
  let at = Date.parse(startsAt);
  let lng = 0;
  let lat = 0;
  while (i < data.length) {
    const t = next();
    at += Math.floor(t / STATUS_BITS);
    lng += unzigzag(next());
    lat += unzigzag(next());
    if (at < from || at > to) continue;
    out.push({ at, lng: lng / 1e6, lat: lat / 1e6, status: TEAM_STATUSES[t % STATUS_BITS] ?? 'idle' });
  }
}

/** A team's points as deck.gl's TripsLayer takes them: flat path, seconds after `origin`, status changes. */
export function toTeamTrack(team: { id: string; name: string; courtId: string }, points: readonly TrackPoint[], origin: number): TeamTrack {
  const path: number[] = new Array<number>(points.length * 2);
  const timestamps: number[] = new Array<number>(points.length);
  const statuses: TeamTrack['statuses'] = [];
  points.forEach((p, i) => {
    path[2 * i] = p.lng;
    path[2 * i + 1] = p.lat;
    const t = (p.at - origin) / 1000;
    timestamps[i] = t;
    if (statuses[statuses.length - 1]?.status !== p.status) statuses.push({ t, status: p.status });
  });
  return { teamId: team.id, name: team.name, courtId: team.courtId, path, timestamps, statuses };
}
