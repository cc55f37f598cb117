import type { Kysely } from 'kysely';
import type { TeamStatus } from '../../protocol/domain.ts';
import type { Database } from '../store/schema.ts';

/** A team as dispatch, actions and positions need it. */
export interface TeamRef {
  id: string;
  courtId: string;
  name: string;
}

/**
 * Who a signed-in user is to the field features: their display name and the teams they belong to
 * (team_members.user_id, indexed by migration 0004). Read per connection and per step, never cached:
 * a member removed from a team loses its instructions at once.
 */
export class TeamDirectory {
  readonly #db: Kysely<Database>;
  readonly #byConnection = new WeakMap<object, Promise<TeamRef[]>>();

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

  /**
   * The teams a connection is set up with: read once per socket however many features ask while it
   * connects (rooms, replay, context). Steps still call teamsOf() to authorise against the store.
   */
  teamsOfConnection(socket: object, userId: string): Promise<TeamRef[]> {
    let teams = this.#byConnection.get(socket);
    if (!teams) {
      teams = this.teamsOf(userId);
      this.#byConnection.set(socket, teams);
    }
    return teams;
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
