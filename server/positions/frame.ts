import type { TeamStatus } from '../../protocol/domain.ts';
import type { PositionFrame } from '../../protocol/position.ts';

/** What a frame needs of a tracked team. */
export interface FrameTeam {
  readonly id: string;
  readonly lng: number;
  readonly lat: number;
  /** Epoch ms of the newest fix; null before the first. */
  readonly fixedAt: number | null;
  readonly status: TeamStatus;
}

/** One frame as column arrays (see PositionFrame): entry i of every array is teams[i]. */
export function buildFrame(teams: readonly FrameTeam[], at: string, full: boolean): PositionFrame {
  const n = teams.length;
  const teamIds = new Array<string>(n);
  const lngLat = new Array<number>(2 * n);
  const fixedAt = new Array<number>(n);
  const status = new Array<TeamStatus>(n);
  for (let i = 0; i < n; i++) {
    const t = teams[i] as FrameTeam;
    teamIds[i] = t.id;
    lngLat[2 * i] = t.lng;
    lngLat[2 * i + 1] = t.lat;
    fixedAt[i] = t.fixedAt ?? 0;
    status[i] = t.status;
  }
  return { at, full, teamIds, lngLat, fixedAt, status };
}
