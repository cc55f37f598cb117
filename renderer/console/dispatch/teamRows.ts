import type { TeamInfo } from '../../../protocol/api.ts';
import type { TeamStatus } from '../../../protocol/domain.ts';
import type { PositionFrame } from '../../../protocol/position.ts';

/** A team as the dispatch panel shows it: the REST row, kept live by 'positions' and 'team:updated'. */
export interface TeamRow {
  id: string;
  courtId: string;
  name: string;
  vehicle: string | null;
  status: TeamStatus;
  lost: boolean;
  /** When the last position was fixed (epoch ms), or null when none is known. */
  fixedAt: number | null;
}

/** What the socket said about one team since it (re)connected. */
export interface TeamLive {
  fixedAt?: number;
  status?: TeamStatus;
  lost?: boolean;
}

export function teamRow(t: TeamInfo): TeamRow {
  return {
    id: t.id,
    courtId: t.courtId,
    name: t.name,
    vehicle: t.vehicle,
    status: t.status,
    lost: false,
    fixedAt: t.lastPosition ? Date.parse(t.lastPosition.at) : null,
  };
}

/** Applies one positions frame to the team rows (pure; a new array only when something changed). */
export function applyFrame(rows: readonly TeamRow[], frame: PositionFrame): readonly TeamRow[] {
  const index = new Map(frame.teamIds.map((id, i) => [id, i]));
  let changed = false;
  const next = rows.map((r) => {
    const i = index.get(r.id);
    if (i === undefined) return r;
    const fixedAt = frame.fixedAt[i] ?? r.fixedAt;
    const status = frame.status[i] ?? r.status;
    if (fixedAt === r.fixedAt && status === r.status) return r;
    changed = true;
    return { ...r, fixedAt, status };
  });
  return changed ? next : rows;
}

/** Notes a frame in `log` (the teams heard since the socket connected). */
export function logFrame(log: Map<string, TeamLive>, frame: PositionFrame): void {
  frame.teamIds.forEach((id, i) => {
    const prev = log.get(id);
    const fixedAt = Math.max(frame.fixedAt[i] ?? 0, prev?.fixedAt ?? 0);
    log.set(id, { ...prev, fixedAt, status: frame.status[i] ?? prev?.status });
  });
}

/** Notes a 'team:updated' or 'team:lost' in `log`. */
export function logUpdate(log: Map<string, TeamLive>, teamId: string, update: { status?: TeamStatus; lost: boolean }): void {
  log.set(teamId, { ...log.get(teamId), ...(update.status ? { status: update.status } : {}), lost: update.lost });
}

/**
 * The rows after a REST read: the REST rows with what the socket said since it connected laid over
 * them. That is at least as new: the server sends every change to a watching console, and on connect
 * a full positions frame and one 'team:updated' per lost team. So a team the log does not call lost
 * is not lost (it may have come back while the console was away), whatever the screen said before.
 */
export function rowsAfterRead(items: readonly TeamInfo[], log: ReadonlyMap<string, TeamLive>): TeamRow[] {
  return items.map((t) => {
    const row = teamRow(t);
    const live = log.get(t.id);
    if (!live) return row;
    const fixedAt = live.fixedAt !== undefined && live.fixedAt > (row.fixedAt ?? 0) ? live.fixedAt : row.fixedAt;
    return { ...row, fixedAt, status: live.status ?? row.status, lost: live.lost ?? false };
  });
}
