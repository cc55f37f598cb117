import { sql, type Kysely } from 'kysely';
import type { TeamInfo } from '../../protocol/api.ts';
import type { TeamStatus } from '../../protocol/domain.ts';
import type { Actor } from '../auth/index.ts';
import { AuditLog } from '../audit/index.ts';
import type { Database } from '../store/index.ts';
import type { Connection } from '../realtime/index.ts';

/** A team as dispatch, actions and positions need it. */
export interface TeamRef {
  id: string;
  courtId: string;
  name: string;
}

/** A team as positions start watching it: its stored status and last position. */
export interface TeamOnDuty extends TeamRef {
  status: TeamStatus;
  last: { lng: number; lat: number; at: string | null } | null;
}

/** One team's newest fix, as PositionHub writes it. */
export interface TeamFix {
  teamId: string;
  lng: number;
  lat: number;
  /** Epoch ms. */
  fixedAt: number;
}

/** Rows per UPDATE statement when writing positions (SQLite allows 32,766 parameters, PostgreSQL 65,535). */
const PERSIST_CHUNK = 500;

/**
 * The teams feature's service, the only writer of `teams`, `team_members` and `devices`: who belongs
 * to which team (team_members.user_id, indexed by migration 0004), team status and last positions.
 * Memberships are read from the store each time they are asked for (a connection asks once, through
 * Connection.once): a member removed from a team loses its instructions at the next step.
 */
export class TeamDirectory {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  /** The teams `userId` is a member of, by id. */
  async teamsOf(userId: string): Promise<TeamRef[]> {
    const rows = await this.#db
      .selectFrom('team_members')
      .innerJoin('teams', 'teams.id', 'team_members.team_id')
      .select(['teams.id', 'teams.court_id', 'teams.name'])
      .where('team_members.user_id', '=', userId)
      .orderBy('teams.id')
      .execute();
    // A user listed twice in one team is one membership.
    const seen = new Map<string, TeamRef>();
    for (const r of rows) seen.set(r.id, { id: r.id, courtId: r.court_id, name: r.name });
    return [...seen.values()];
  }

  /** The teams of `courtIds` with members, devices and last position (GET /api/teams), by court then name. */
  async list(courtIds: readonly string[]): Promise<TeamInfo[]> {
    if (courtIds.length === 0) return [];
    const teams = await this.#db.selectFrom('teams').selectAll().where('court_id', 'in', courtIds).orderBy('court_id').orderBy('name').execute();
    const teamIds = teams.map((t) => t.id);
    const [members, devices] = teamIds.length
      ? await Promise.all([
          this.#db.selectFrom('team_members').select(['team_id', 'name', 'duty']).where('team_id', 'in', teamIds).execute(),
          this.#db.selectFrom('devices').select(['team_id', 'id', 'kind', 'serial']).where('team_id', 'in', teamIds).execute(),
        ])
      : [[], []];
    return teams.map((t) => ({
      id: t.id,
      courtId: t.court_id,
      name: t.name,
      status: t.status,
      vehicle: t.vehicle,
      lastPosition: t.last_lng !== null && t.last_lat !== null && t.last_position_at !== null ? { lng: t.last_lng, lat: t.last_lat, at: t.last_position_at } : null,
      members: members.filter((m) => m.team_id === t.id).map((m) => ({ name: m.name, duty: m.duty })),
      devices: devices.filter((d) => d.team_id === t.id).map((d) => ({ id: d.id, kind: d.kind, serial: d.serial })),
    }));
  }

  /** Teams by id, with their courts (unknown ids are left out): to check a team against a court branch. */
  async refs(teamIds: readonly string[]): Promise<TeamRef[]> {
    if (teamIds.length === 0) return [];
    const rows = await this.#db.selectFrom('teams').select(['id', 'court_id', 'name']).where('id', 'in', teamIds).execute();
    return rows.map((r) => ({ id: r.id, courtId: r.court_id, name: r.name }));
  }

  /** The first team (by id) `userId` reports for, with its stored status and last position; null for none. */
  async onDutyFor(userId: string): Promise<TeamOnDuty | null> {
    const row = await this.#db
      .selectFrom('team_members')
      .innerJoin('teams', 'teams.id', 'team_members.team_id')
      .select(['teams.id', 'teams.court_id', 'teams.name', 'teams.status', 'teams.last_lng', 'teams.last_lat', 'teams.last_position_at'])
      .where('team_members.user_id', '=', userId)
      .orderBy('teams.id')
      .limit(1)
      .executeTakeFirst();
    if (!row) return null;
    const last = row.last_lng === null || row.last_lat === null ? null : { lng: row.last_lng, lat: row.last_lat, at: row.last_position_at };
    return { id: row.id, courtId: row.court_id, name: row.name, status: row.status, last };
  }

  /** Stores a team's status with its audit entry, in one transaction, at `now`. */
  async setStatus(team: TeamRef, from: TeamStatus, to: TeamStatus, actor: Pick<Actor, 'userId' | 'username'>, now: Date): Promise<void> {
    await this.#db.transaction().execute(async (trx) => {
      await trx.updateTable('teams').set({ status: to }).where('id', '=', team.id).execute();
      await AuditLog.append(trx, {
        actorUserId: actor.userId,
        actorName: actor.username,
        courtId: team.courtId,
        action: 'team.status',
        targetType: 'team',
        targetId: team.id,
        detail: { from, to },
      }, now);
    });
  }

  /**
   * Writes the newest fix of each team in one transaction of UPDATE … FROM (VALUES …) statements: a
   * few statements rather than one per team, which costs 5-10× more on SQLite.
   */
  async writePositions(fixes: readonly TeamFix[]): Promise<void> {
    if (fixes.length === 0) return;
    await this.#db.transaction().execute(async (trx) => {
      for (let i = 0; i < fixes.length; i += PERSIST_CHUNK) {
        const values = fixes
          .slice(i, i + PERSIST_CHUNK)
          .map(
            (f) =>
              // Typed casts: PostgreSQL infers VALUES columns from the first row and has no type for a bare parameter.
              sql`(${f.teamId}, cast(${f.lng} as double precision), cast(${f.lat} as double precision), ${new Date(f.fixedAt).toISOString()})`,
          );
        // SQLite and PostgreSQL both name the columns of a VALUES list column1, column2, …
        await sql`update teams set last_lng = v.column2, last_lat = v.column3, last_position_at = v.column4
          from (values ${sql.join(values)}) as v where teams.id = v.column1`.execute(trx);
      }
    });
  }

  /** A team's stored status (the live one is PositionHub's once a terminal attached). */
  async statusOf(teamId: string): Promise<TeamStatus> {
    const row = await this.#db.selectFrom('teams').select('status').where('id', '=', teamId).executeTakeFirst();
    return row?.status ?? 'idle';
  }

  /** The user ids of the members of `teamIds` (a terminal of each may be connected). */
  async membersOf(teamIds: readonly string[]): Promise<string[]> {
    if (teamIds.length === 0) return [];
    const rows = await this.#db
      .selectFrom('team_members')
      .select('user_id')
      .distinct()
      .where('team_id', 'in', teamIds)
      .where('user_id', 'is not', null)
      .execute();
    return rows.flatMap((r) => (r.user_id !== null ? [r.user_id] : []));
  }
}

/** The teams of a connection's user, read once however many features ask while it sets up. */
export function teamsOfConnection(conn: Connection, teams: TeamDirectory): Promise<TeamRef[]> {
  return conn.once('teams', () => teams.teamsOf(conn.data.userId));
}
