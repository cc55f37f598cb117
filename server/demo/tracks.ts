// The demo province's track history: each team on an ongoing action drove from its court to the
// scene in the 25 minutes before the action started (a point every 10 s, along a gentle bend) and has
// been on scene since (a point a minute, GPS noise of a few metres), so a replay has something to show.
import type { Insertable } from 'kysely';
import type { ActionTable, ActionTeamTable, TeamPositionTable, TeamTable } from '../store/index.ts';
import { encodeChunk, type TrackPoint } from '../teams/index.ts';
import type { DemoCourt } from './courts.ts';
import { round6 } from './places.ts';
import { createRng } from './rng.ts';

const DRIVE_MS = 25 * 60_000;
const ON_SCENE_MS = 90 * 60_000;
/** Points per stored chunk: about ten minutes of driving, as the live server chunks them. */
const CHUNK_POINTS = 60;

/** Tracks of the teams of ongoing actions, as team_positions rows. */
export function createTracks(opts: {
  seed: number;
  actions: readonly Insertable<ActionTable>[];
  actionTeams: readonly Insertable<ActionTeamTable>[];
  teams: readonly Insertable<TeamTable>[];
  courts: readonly DemoCourt[];
}): Insertable<TeamPositionTable>[] {
  const rng = createRng(opts.seed, 'tracks');
  const courtById = new Map(opts.courts.map((c) => [c.id, c]));
  const teamById = new Map(opts.teams.map((t) => [t.id, t]));
  const rows: Insertable<TeamPositionTable>[] = [];
  for (const action of opts.actions) {
    if (action.status !== 'ongoing' || !action.started_at) continue;
    const start = Date.parse(action.started_at);
    for (const at of opts.actionTeams.filter((a) => a.action_id === action.id)) {
      const team = teamById.get(at.team_id);
      const court = team && courtById.get(team.court_id);
      if (!team || !court) continue;
      const points: TrackPoint[] = [];
      // A bend: the route passes a point off the straight line, as roads do.
      const bend = (rng.next() - 0.5) * 0.4;
      const [dx, dy] = [action.lng - court.lng, action.lat - court.lat];
      for (let t = 0; t <= DRIVE_MS; t += 10_000) {
        const f = t / DRIVE_MS;
        const off = bend * Math.sin(Math.PI * f);
        points.push({ at: start - DRIVE_MS + t, lng: round6(court.lng + dx * f - dy * off), lat: round6(court.lat + dy * f + dx * off), status: 'en_route' });
      }
      for (let t = 60_000; t <= ON_SCENE_MS; t += 60_000) {
        points.push({ at: start + t, lng: round6(action.lng + rng.normal() * 0.00003), lat: round6(action.lat + rng.normal() * 0.00003), status: 'on_scene' });
      }
      for (let i = 0; i < points.length; i += CHUNK_POINTS) {
        const c = encodeChunk(points.slice(i, i + CHUNK_POINTS));
        rows.push({ team_id: team.id, starts_at: c.startsAt, ends_at: c.endsAt, points: c.points, data: c.data });
      }
    }
  }
  return rows;
}
