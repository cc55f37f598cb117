import type { Kysely } from 'kysely';
import type { Clock } from '../clock.ts';
import { InvalidStateError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { PeriodicTask } from '../periodic.ts';
import type { Database } from '../store/index.ts';
import { decodeChunk, encodeChunk, keeps, type TrackPoint } from './trackChunk.ts';

export interface TrackHistoryOptions {
  db: Kysely<Database>;
  clock: Clock;
  logger: Logger;
  /** config positions.historyDays: chunks that ended before this many days ago are pruned. */
  historyDays: number;
}

/** What PositionHub hands over: a team's fix or status change. */
export interface TrackRecorder {
  record(teamId: string, point: TrackPoint): void;
}

interface TeamTrackState {
  /** The last point kept (thinning compares with it). */
  last: TrackPoint | null;
  /** Kept points not yet written, oldest first. */
  open: TrackPoint[];
  /** Server clock when `open` got its first point. */
  openedAt: number;
  /** Full chunks waiting for the next write. */
  sealed: TrackPoint[][];
  /** Chunks being written now (reads still see them until they are committed). */
  writing: TrackPoint[][];
}

/** A chunk is written once it holds this many points… */
const CHUNK_POINTS = 256;
/** …or its first point was kept this long ago (server clock): at most this much track is lost in a crash. */
const CHUNK_MAX_AGE_MS = 10 * 60_000;
/** A chunk never spans more than this (terminal clock), so a read looks back at most this far. */
const CHUNK_MAX_SPAN_MS = 3_600_000;
const FLUSH_EVERY_MS = 15_000;
const PRUNE_EVERY_MS = 3_600_000;
/** Rows per INSERT (5 parameters each; SQLite allows 32,766). */
const INSERT_ROWS = 200;
const DAY_MS = 86_400_000;

/**
 * Track history (team_positions; the teams feature is its only writer): the fixes PositionHub hands
 * over, thinned to at most one per 10 s unless the team moved 20 m or changed status, kept in
 * memory per team and written as packed chunks (trackChunk.ts) every 15 s once a chunk is full or
 * 10 minutes old, and on close. Reads merge the stored chunks with what is still in memory. Chunks
 * older than `historyDays` are pruned every hour.
 */
export class TrackHistory implements TrackRecorder {
  readonly #o: TrackHistoryOptions;
  readonly #teams = new Map<string, TeamTrackState>();
  #tasks: PeriodicTask[] = [];
  #closed = false;

  constructor(opts: TrackHistoryOptions) {
    this.#o = opts;
  }

  /** Starts the write and prune tasks (a prune runs at once). */
  start(): void {
    if (this.#closed) throw new InvalidStateError('TrackHistory closed');
    if (this.#tasks.length > 0) return;
    const { clock, logger } = this.#o;
    this.#tasks = [
      new PeriodicTask({ clock, logger, everyMs: FLUSH_EVERY_MS, run: () => this.flush(false), what: '轨迹写入失败 / track history not written' }).start(),
      new PeriodicTask({ clock, logger, everyMs: PRUNE_EVERY_MS, run: () => this.prune(), what: '轨迹清理失败 / track history prune failed', immediately: true }).start(),
    ];
  }

  /**
   * Takes a fix or status change of `teamId`; keeps it when the thinning rule says so (see keeps()).
   * A status change stamped (by the server's clock) no later than the last kept fix (the terminal's
   * clock runs ahead) is kept 1 ms after it: every change is kept, and times only move forward.
   */
  record(teamId: string, fix: TrackPoint): void {
    if (this.#closed) return;
    let state = this.#teams.get(teamId);
    if (!state) {
      state = { last: null, open: [], openedAt: 0, sealed: [], writing: [] };
      this.#teams.set(teamId, state);
    }
    const last = state.last;
    const point = last && fix.status !== last.status && fix.at <= last.at ? { ...fix, at: last.at + 1 } : fix;
    if (!keeps(last, point)) return;
    const first = state.open[0];
    if (first && point.at - first.at > CHUNK_MAX_SPAN_MS) this.#seal(state);
    if (state.open.length === 0) state.openedAt = this.#o.clock.now();
    state.open.push(point);
    state.last = point;
    if (state.open.length >= CHUNK_POINTS) this.#seal(state);
  }

  /**
   * Writes the sealed chunks, and the open ones that are old enough (`all`: every open one), in one
   * transaction. A failed write puts its chunks back for the next one and rejects.
   */
  async flush(all: boolean): Promise<void> {
    const now = this.#o.clock.now();
    const batch: { state: TeamTrackState; teamId: string; chunks: TrackPoint[][] }[] = [];
    for (const [teamId, state] of this.#teams) {
      if (state.open.length > 0 && (all || now - state.openedAt >= CHUNK_MAX_AGE_MS)) this.#seal(state);
      if (state.sealed.length === 0) continue;
      batch.push({ state, teamId, chunks: state.sealed });
      state.writing.push(...state.sealed);
      state.sealed = [];
    }
    if (batch.length === 0) return;
    const rows = batch.flatMap(({ teamId, chunks }) =>
      chunks.map((chunk) => {
        const c = encodeChunk(chunk);
        return { team_id: teamId, starts_at: c.startsAt, ends_at: c.endsAt, points: c.points, data: c.data };
      }),
    );
    try {
      await this.#o.db.transaction().execute(async (trx) => {
        for (let i = 0; i < rows.length; i += INSERT_ROWS) {
          // A chunk written before a restart may start at the same instant: the first one stays.
          await trx.insertInto('team_positions').values(rows.slice(i, i + INSERT_ROWS)).onConflict((oc) => oc.doNothing()).execute();
        }
      });
    } catch (err) {
      for (const { state, chunks } of batch) state.sealed.unshift(...chunks);
      throw err;
    } finally {
      for (const { state, chunks } of batch) state.writing = state.writing.filter((c) => !chunks.includes(c));
    }
  }

  /** The kept points of `teamId` in [from, to] (epoch ms), stored and still in memory, in time order. */
  async read(teamId: string, from: number, to: number): Promise<TrackPoint[]> {
    return (await this.readMany([teamId], from, to)).get(teamId) ?? [];
  }

  /** As read(), for several teams at once. */
  async readMany(teamIds: readonly string[], from: number, to: number): Promise<Map<string, TrackPoint[]>> {
    const out = new Map<string, TrackPoint[]>(teamIds.map((id) => [id, []]));
    if (teamIds.length === 0 || to < from) return out;
    const rows = await this.#o.db
      .selectFrom('team_positions')
      .select(['team_id', 'starts_at', 'data'])
      .where('team_id', 'in', teamIds)
      // Bounded by the longest chunk, so the primary key (team_id, starts_at) is read as a range.
      .where('starts_at', '>=', new Date(from - CHUNK_MAX_SPAN_MS).toISOString())
      .where('starts_at', '<=', new Date(to).toISOString())
      .where('ends_at', '>=', new Date(from).toISOString())
      .orderBy('team_id')
      .orderBy('starts_at')
      .execute();
    for (const r of rows) decodeChunk(r.starts_at, r.data, from, to, out.get(r.team_id)!);
    for (const teamId of teamIds) {
      const state = this.#teams.get(teamId);
      if (!state) continue;
      const points = out.get(teamId)!;
      const newest = points[points.length - 1]?.at ?? -Infinity;
      for (const p of [...state.writing.flat(), ...state.sealed.flat(), ...state.open]) if (p.at > newest && p.at >= from && p.at <= to) points.push(p);
    }
    return out;
  }

  /** Deletes the chunks that ended more than historyDays ago; resolves how many. */
  async prune(): Promise<number> {
    const cutoff = new Date(this.#o.clock.now() - this.#o.historyDays * DAY_MS).toISOString();
    const r = await this.#o.db.deleteFrom('team_positions').where('ends_at', '<', cutoff).executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  /** Stops the tasks and writes everything still in memory; a second call does nothing. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.all(this.#tasks.map((t) => t.close()));
    this.#tasks = [];
    await this.flush(true);
  }

  #seal(state: TeamTrackState): void {
    if (state.open.length === 0) return;
    state.sealed.push(state.open);
    state.open = [];
  }
}
