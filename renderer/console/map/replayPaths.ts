import type { MapDatum, TeamTrack } from '../../../protocol/map.ts';
import { toMap } from './datum.ts';
import type { ReplayPath } from './markerLayers.ts';
import type { Rgba } from './palette.ts';

// Track answers (WGS-84, flat pairs) as TripsLayer paths in the base map's datum, and where each
// team is at a replay time.

/** Distinct colours for the teams of one replay (an action rarely has more than six). */
const TRACK_COLOURS: readonly Rgba[] = [
  [34, 211, 238, 255],
  [249, 115, 22, 255],
  [167, 139, 250, 255],
  [250, 204, 21, 255],
  [244, 114, 182, 255],
  [74, 222, 128, 255],
];

export function replayPaths(tracks: readonly TeamTrack[], datum: MapDatum): ReplayPath[] {
  return tracks.map((track, k) => {
    const path: [number, number][] = [];
    for (let i = 0; i + 1 < track.path.length; i += 2) path.push(toMap(datum, track.path[i]!, track.path[i + 1]!));
    return { teamId: track.teamId, name: track.name, path, timestamps: track.timestamps.slice(0, path.length), colour: TRACK_COLOURS[k % TRACK_COLOURS.length]! };
  });
}

/** Where the team of `p` is at `time` (seconds from origin), or null before its first point. */
export function positionAt(p: ReplayPath, time: number): [number, number] | null {
  const ts = p.timestamps;
  if (ts.length === 0 || time < ts[0]!) return null;
  if (time >= ts[ts.length - 1]!) return p.path[p.path.length - 1] ?? null;
  // Binary search: the last point at or before `time`.
  let lo = 0;
  let hi = ts.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (ts[mid]! <= time) lo = mid;
    else hi = mid;
  }
  const a = p.path[lo]!;
  const b = p.path[hi]!;
  const f = (time - ts[lo]!) / Math.max(1e-9, ts[hi]! - ts[lo]!);
  return [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f];
}

/** Each replayed team's head at `time`, with its name and colour. */
export function replayHeads(paths: readonly ReplayPath[], time: number): { position: [number, number]; name: string; colour: Rgba }[] {
  return paths.flatMap((p) => {
    const position = positionAt(p, time);
    return position ? [{ position, name: p.name, colour: p.colour }] : [];
  });
}
