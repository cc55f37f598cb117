import type { Kysely } from 'kysely';
import type { ActionView } from '../../protocol/action.ts';
import { SYSTEM_ACTOR } from '../auth/index.ts';
import type { Logger } from '../logger.ts';
import type { AcceptedFix } from '../positions/index.ts';
import type { Database } from '../store/index.ts';
import type { ActionEventLog } from './ActionEventLog.ts';
import { Geofence, type Crossing } from './Geofence.ts';

export interface SiteFencesOptions {
  db: Kysely<Database>;
  log: ActionEventLog;
  /** config actions.geofenceHysteresisM. */
  hysteresisM: number;
  logger: Logger;
}

/**
 * The geofences of ongoing actions, fed by the positions feature's fixes and the actions feature's
 * announcements: a team assigned to an ongoing action that crosses its circle is an arrival or a
 * departure, stored and audited (action.arrive / action.depart) through the ActionEventLog. Where
 * each team stands is read back from the store on start and on assignment, so a restart or a team
 * assigned twice does not repeat an arrival.
 */
export class SiteFences {
  readonly #db: Kysely<Database>;
  readonly #log: ActionEventLog;
  readonly #logger: Logger;
  readonly #fence: Geofence;

  constructor(opts: SiteFencesOptions) {
    this.#db = opts.db;
    this.#log = opts.log;
    this.#logger = opts.logger;
    this.#fence = new Geofence(opts.hysteresisM);
  }

  /** Fences every ongoing action (at start-up). */
  async load(): Promise<void> {
    const actions = await this.#db.selectFrom('actions').select(['id', 'lng', 'lat', 'site_radius_m']).where('status', '=', 'ongoing').execute();
    if (actions.length === 0) return;
    const teams = await this.#db.selectFrom('action_teams').select(['action_id', 'team_id']).where('action_id', 'in', actions.map((a) => a.id)).execute();
    for (const a of actions) this.#fence.setSite(a.id, { lng: a.lng, lat: a.lat, radiusM: a.site_radius_m });
    await Promise.all(teams.map((t) => this.#watch(t.action_id, t.team_id)));
  }

  /**
   * An action changed (actions 'updated'): fences it while ongoing with its current teams, forgets it
   * otherwise. Resolves once the new teams' last crossings are read (failures are logged, not thrown).
   */
  async onAction(view: ActionView): Promise<void> {
    if (view.status !== 'ongoing') {
      if (this.#fence.teamsOf(view.id).length > 0) this.#log.forget(view.id);
      this.#fence.drop(view.id);
      return;
    }
    this.#fence.setSite(view.id, { lng: view.lng, lat: view.lat, radiusM: view.siteRadiusM });
    const now = new Set(view.teams.map((t) => t.teamId));
    for (const teamId of this.#fence.teamsOf(view.id)) if (!now.has(teamId)) this.#fence.removeTeam(view.id, teamId);
    const added = [...now].filter((teamId) => !this.#fence.has(view.id, teamId));
    await Promise.all(added.map((teamId) => this.#watch(view.id, teamId).catch((err: unknown) => this.#logger.error({ err, actionId: view.id, teamId }, 'geofence state not read'))));
  }

  /** A team's accepted fix (positions 'fix'). */
  onFix(teamId: string, fix: AcceptedFix): void {
    for (const c of this.#fence.check(teamId, fix)) {
      this.#record(c).catch((err: unknown) => this.#logger.error({ err, actionId: c.actionId, teamId }, 'geofence crossing not recorded'));
    }
  }

  /** Starts fencing a team on an action from where its last stored crossing left it. */
  async #watch(actionId: string, teamId: string): Promise<void> {
    this.#fence.setState(actionId, teamId, 'loading');
    const last = await this.#db
      .selectFrom('action_events')
      .select('kind')
      .where('action_id', '=', actionId)
      .where('team_id', '=', teamId)
      .where('kind', 'in', ['arrive', 'depart'])
      .orderBy('at', 'desc')
      .limit(1)
      .executeTakeFirst();
    // Released meanwhile (or the action ended): nothing to resume.
    if (!this.#fence.has(actionId, teamId)) return;
    this.#fence.setState(actionId, teamId, last?.kind === 'arrive' ? 'inside' : last?.kind === 'depart' ? 'outside' : 'unknown');
  }

  async #record(c: Crossing): Promise<void> {
    await this.#log.record({
      actionId: c.actionId,
      kind: c.kind,
      teamId: c.teamId,
      actor: { userId: null, name: SYSTEM_ACTOR },
      detail: { distanceM: c.distanceM, radiusM: c.radiusM, lng: c.lng, lat: c.lat, fixAt: new Date(c.fixAt).toISOString() },
      audit: { action: c.kind === 'arrive' ? 'action.arrive' : 'action.depart', actorUserId: null, actorName: SYSTEM_ACTOR },
    });
  }
}
