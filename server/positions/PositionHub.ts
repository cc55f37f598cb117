import { EventEmitter } from 'node:events';
import type { TeamStatus } from '../../protocol/domain.ts';
import type { PositionFrame, TeamLost, TeamPosition, TeamUpdate } from '../../protocol/position.ts';
import type { Actor } from '../auth/index.ts';
import type { CourtTree } from '../courts/index.ts';
import { BadMessageError, InvalidStateError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { PeriodicTask } from '../periodic.ts';
import type { TeamDirectory, TeamFix, TeamRef, TrackRecorder } from '../teams/index.ts';
import { systemClock, type Clock } from '../clock.ts';
import { buildFrame } from './frame.ts';

export interface PositionHubOptions {
  /** The teams feature: memberships, and the writer of status and last positions. */
  teams: TeamDirectory;
  /** The teams feature's track history: every accepted fix and status change is handed to it. */
  history?: TrackRecorder;
  courts: () => CourtTree;
  /** config `positions`. */
  config: { frameMs: number; persistSeconds: number; lostAfterSeconds: number };
  logger: Logger;
  /** True when some console listens for `courtId`'s frames: frames for nobody are not built. */
  isWatched: (courtId: string) => boolean;
  clock?: Clock;
}

/** Who hears about one team: the consoles of its court and every court above, and its own terminals. */
export interface TeamAudience {
  readonly courts: readonly string[];
  readonly sockets: ReadonlySet<string>;
}

export interface PositionHubEvents {
  /** One batched frame for the consoles of `courtId` (send volatile). */
  frame: [courtId: string, frame: PositionFrame];
  /** A team's status or lost flag changed. */
  updated: [update: TeamUpdate, audience: TeamAudience];
  /** A team turned lost: the warning. */
  lost: [lost: TeamLost, audience: TeamAudience];
  /** A fix was accepted for a team (newer than its last): what geofences hear (WGS-84, `at` the terminal's epoch ms). */
  fix: [teamId: string, fix: AcceptedFix];
}

/** A team's position as PositionHub accepted it. */
export interface AcceptedFix {
  lng: number;
  lat: number;
  at: number;
}

interface TrackedTeam {
  id: string;
  courtId: string;
  name: string;
  status: TeamStatus;
  /** Its court and every court above it, own court first. */
  courts: readonly string[];
  /** Connected field sockets reporting for this team. */
  sockets: Set<string>;
  lng: number;
  lat: number;
  /** Epoch ms of the newest fix (terminal clock); null before the first. */
  fixedAt: number | null;
  /** The fix last written to the teams table. */
  persistedFixedAt: number | null;
  /** Server clock: the last position, or when watching began. */
  heardAt: number;
  /** Which persistence slice writes it (0 … PERSIST_SLICES-1). */
  slice: number;
  lost: boolean;
}

/** A fix stamped further ahead of the server clock than this is refused (a terminal with a wrong clock). */
const MAX_FUTURE_MS = 5 * 60_000;
/**
 * Each persistSeconds period is written in this many slices, one transaction each: SQLite runs on
 * this thread, and writing 5,000 teams at once held the event loop for 60-100 ms (every console
 * and terminal waited); a tenth of them takes a few ms.
 */
const PERSIST_SLICES = 10;

/**
 * Team positions: the newest fix per team in memory; every `frameMs` one frame per court room
 * holding only the teams heard since the previous frame (a console gets its own court and all
 * below it, so a team goes to its court and every ancestor); last positions written to the teams
 * table once every `persistSeconds`, in slices; a watched team silent for `lostAfterSeconds`
 * turns lost, and back when it reports again.
 *
 * A team is watched while one of its terminals is connected, or while its status is not idle (a
 * team that drops off the network on the way is exactly what 'lost' is for; an idle team whose
 * terminals signed off is off duty).
 */
export class PositionHub extends EventEmitter<PositionHubEvents> {
  readonly #teamsFeature: TeamDirectory;
  readonly #history: TrackRecorder | null;
  readonly #courts: () => CourtTree;
  readonly #config: PositionHubOptions['config'];
  readonly #logger: Logger;
  readonly #isWatched: (courtId: string) => boolean;
  readonly #clock: Clock;
  readonly #teams = new Map<string, TrackedTeam>();
  /** Teams heard since the last frame. */
  #changed = new Set<TrackedTeam>();
  #tasks: PeriodicTask[] = [];
  /** The last queued write; writes run one after another. */
  #persisting: Promise<void> | null = null;
  #nextSlice = 0;
  #closed = false;

  constructor(opts: PositionHubOptions) {
    super();
    this.#teamsFeature = opts.teams;
    this.#history = opts.history ?? null;
    this.#courts = opts.courts;
    this.#config = opts.config;
    this.#logger = opts.logger;
    this.#isWatched = opts.isWatched;
    this.#clock = opts.clock ?? systemClock;
  }

  /** Starts the frame, persistence and lost timers. */
  start(): void {
    if (this.#closed) throw new InvalidStateError('PositionHub closed');
    if (this.#tasks.length > 0) return;
    const lostMs = this.#config.lostAfterSeconds * 1000;
    const task = (everyMs: number, what: string, run: () => unknown) =>
      new PeriodicTask({ clock: this.#clock, everyMs, run, logger: this.#logger, what }).start();
    this.#tasks = [
      task(this.#config.frameMs, 'position frame failed', () => this.flush()),
      // A write still running (a slow database) skips this slice until its next turn rather than queueing behind.
      task((this.#config.persistSeconds * 1000) / PERSIST_SLICES, 'last positions not persisted', () => {
        const slice = this.#nextSlice++ % PERSIST_SLICES;
        if (!this.#persisting) void this.persist(slice);
      }),
      // Often enough that 'lost' comes at most a quarter of the limit late, at most once a second.
      task(Math.min(1000, Math.max(20, lostMs / 4)), 'lost sweep failed', () => this.sweep()),
    ];
  }

  /**
   * Registers field socket `socketId` of `userId` with its team and starts watching the team.
   * Resolves null when the user belongs to no team (such a terminal may not report positions).
   */
  async attach(socketId: string, userId: string): Promise<TeamRef | null> {
    const row = await this.#teamsFeature.onDutyFor(userId);
    if (!row) return null;
    if (this.#closed) throw new InvalidStateError('PositionHub closed');
    let team = this.#teams.get(row.id);
    if (!team) {
      const fixedAt = row.last?.at ? Date.parse(row.last.at) : null;
      team = {
        id: row.id,
        courtId: row.courtId,
        name: row.name,
        status: row.status,
        courts: this.#chain(row.courtId),
        sockets: new Set(),
        lng: row.last?.lng ?? 0,
        lat: row.last?.lat ?? 0,
        fixedAt: row.last ? fixedAt : null,
        persistedFixedAt: fixedAt,
        heardAt: this.#clock.now(),
        slice: this.#teams.size % PERSIST_SLICES,
        lost: false,
      };
      this.#teams.set(team.id, team);
    } else if (!this.#watching(team)) {
      // Back on duty after signing off: the silence while off duty does not count.
      team.heardAt = this.#clock.now();
    }
    team.sockets.add(socketId);
    return { id: team.id, courtId: team.courtId, name: team.name };
  }

  /** Forgets a disconnected field socket. */
  detach(socketId: string, teamId: string): void {
    this.#teams.get(teamId)?.sockets.delete(socketId);
  }

  /**
   * Takes a fix for `teamId` (already checked against TeamPosition). A fix older than the team's
   * newest is dropped (two officers' phones, or a reordered packet); one stamped more than five
   * minutes ahead of the server's clock is refused with BadMessageError.
   */
  report(teamId: string, position: TeamPosition): void {
    const team = this.#teams.get(teamId);
    if (!team) throw new InvalidStateError(`team ${teamId} is not attached`);
    const fixedAt = Date.parse(position.at);
    const now = this.#clock.now();
    if (!Number.isFinite(fixedAt)) throw new BadMessageError(`team:position: /at is not a real time`);
    if (fixedAt > now + MAX_FUTURE_MS) throw new BadMessageError(`team:position: /at is ${Math.round((fixedAt - now) / 1000)} s ahead of the server clock`);
    team.heardAt = now;
    if (team.lost) {
      team.lost = false;
      this.emit('updated', { teamId, status: team.status, lost: false }, team);
    }
    if (team.fixedAt !== null && fixedAt <= team.fixedAt) return;
    // A micro-degree is 0.1 m: more digits are noise and bytes in every frame.
    team.lng = Math.round(position.lng * 1e6) / 1e6;
    team.lat = Math.round(position.lat * 1e6) / 1e6;
    team.fixedAt = fixedAt;
    this.#changed.add(team);
    this.#history?.record(teamId, { at: fixedAt, lng: team.lng, lat: team.lat, status: team.status });
    this.emit('fix', teamId, { lng: team.lng, lat: team.lat, at: fixedAt });
  }

  /** Sets a team's status (stored with its audit entry in one transaction) and announces it. */
  async setStatus(teamId: string, status: TeamStatus, actor: Pick<Actor, 'userId' | 'username'>): Promise<TeamUpdate> {
    const team = this.#teams.get(teamId);
    if (!team) throw new InvalidStateError(`team ${teamId} is not attached`);
    const from = team.status;
    if (from !== status) {
      await this.#teamsFeature.setStatus(team, from, status, actor, new Date(this.#clock.now()));
      team.status = status;
      // Frames carry the status too: send the team in the next one even if it has not moved.
      if (team.fixedAt !== null) {
        this.#changed.add(team);
        // Where it was last heard, when the change was made (the history keeps every change).
        this.#history?.record(teamId, { at: this.#clock.now(), lng: team.lng, lat: team.lat, status });
      }
    }
    const update: TeamUpdate = { teamId, status, lost: team.lost };
    this.emit('updated', update, team);
    return update;
  }

  /** Every team `courtId` may see that has a position, as one full frame; null when there is none. */
  snapshot(courtId: string): PositionFrame | null {
    const inScope = [...this.#teams.values()].filter((t) => t.fixedAt !== null && t.courts.includes(courtId));
    return inScope.length === 0 ? null : buildFrame(inScope, new Date(this.#clock.now()).toISOString(), true);
  }

  /** The live status and lost flag of a team being watched; undefined for one no terminal attached yet. */
  state(teamId: string): { status: TeamStatus; lost: boolean } | undefined {
    const team = this.#teams.get(teamId);
    return team ? { status: team.status, lost: team.lost } : undefined;
  }

  /** How many field sockets report for `teamId` now (0 for a team no terminal attached). */
  attachedSockets(teamId: string): number {
    return this.#teams.get(teamId)?.sockets.size ?? 0;
  }

  /** The lost teams `courtId` may see, as the updates a console that just connected has missed. */
  lostTeams(courtId: string): TeamUpdate[] {
    return [...this.#teams.values()].filter((t) => t.lost && t.courts.includes(courtId)).map((t) => ({ teamId: t.id, status: t.status, lost: true }));
  }

  /** Emits one frame per watched court room with the teams heard since the previous frame. */
  flush(): void {
    if (this.#changed.size === 0) return;
    const changed = this.#changed;
    this.#changed = new Set();
    const byCourt = new Map<string, TrackedTeam[]>();
    const watched = new Map<string, boolean>();
    for (const team of changed) {
      for (const courtId of team.courts) {
        let w = watched.get(courtId);
        if (w === undefined) {
          w = this.#isWatched(courtId);
          watched.set(courtId, w);
        }
        if (!w) continue;
        const list = byCourt.get(courtId);
        if (list) list.push(team);
        else byCourt.set(courtId, [team]);
      }
    }
    const at = new Date(this.#clock.now()).toISOString();
    for (const [courtId, teams] of byCourt) this.emit('frame', courtId, buildFrame(teams, at, false));
  }

  /** Marks watched teams silent for longer than lostAfterSeconds as lost. */
  sweep(): void {
    const now = this.#clock.now();
    const limit = this.#config.lostAfterSeconds * 1000;
    for (const team of this.#teams.values()) {
      if (team.lost || !this.#watching(team) || now - team.heardAt <= limit) continue;
      team.lost = true;
      this.emit('updated', { teamId: team.id, status: team.status, lost: true }, team);
      this.emit(
        'lost',
        {
          teamId: team.id,
          courtId: team.courtId,
          teamName: team.name,
          lastPosition: team.fixedAt === null ? null : { lng: team.lng, lat: team.lat, fixedAt: new Date(team.fixedAt).toISOString() },
          silentSince: new Date(team.heardAt).toISOString(),
          at: new Date(now).toISOString(),
        },
        team,
      );
    }
  }

  /**
   * Writes the newest fix of every team (of one slice, when given) that moved since its last write,
   * through the teams feature (one transaction). Writes run one after another; a failed one is
   * logged and its teams are written again next time.
   */
  persist(slice?: number): Promise<void> {
    const run = async () => {
      const rows: (TeamFix & { team: TrackedTeam })[] = [];
      for (const team of this.#teams.values()) {
        if (team.fixedAt === null || team.fixedAt === team.persistedFixedAt) continue;
        if (slice === undefined || team.slice === slice) rows.push({ team, teamId: team.id, lng: team.lng, lat: team.lat, fixedAt: team.fixedAt });
      }
      if (rows.length === 0) return;
      try {
        await this.#teamsFeature.writePositions(rows);
        for (const r of rows) r.team.persistedFixedAt = r.fixedAt;
      } catch (err) {
        this.#logger.error({ err, teams: rows.length }, 'last positions not persisted; retrying next round');
      }
    };
    const next = (this.#persisting ?? Promise.resolve()).then(run);
    this.#persisting = next;
    void next.then(() => {
      if (this.#persisting === next) this.#persisting = null;
    });
    return next;
  }

  /** Stops the timers and writes the last positions once more; a second call does nothing. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.all(this.#tasks.map((t) => t.close()));
    this.#tasks = [];
    // Queued after any write in flight, so it writes what that one did not.
    await this.persist();
    this.removeAllListeners();
  }

  #watching(team: TrackedTeam): boolean {
    return team.sockets.size > 0 || team.status !== 'idle';
  }

  #chain(courtId: string): string[] {
    const out = this.#courts().above(courtId);
    return out.length > 0 ? [...out] : [courtId];
  }
}
