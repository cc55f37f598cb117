import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { TeamLost } from '../../protocol/position.ts';
import type { RaiseSos, ListWarnings, SosResult, Warning, WarningKind, WarningLevel } from '../../protocol/warning.ts';
import { AuditLog } from '../audit/index.ts';
import { coversAllCourts, type CourtTree } from '../courts/index.ts';
import { ForbiddenError, NotFoundError } from '../errors.ts';
import type { Database, WarningTable } from '../store/index.ts';
import type { TeamDirectory } from '../teams/index.ts';
import { SYSTEM_ACTOR, type Actor } from '../auth/index.ts';
import { dateOf, systemClock, type Clock } from '../clock.ts';

export interface WarningServiceOptions {
  db: Kysely<Database>;
  courts: () => CourtTree;
  /** Who belongs to which team. */
  teams: TeamDirectory;
  /** The ongoing action a team is on, if any (the actions feature): a lost team on an action is critical. */
  ongoingActionOf: (teamId: string) => Promise<{ id: string; caseNumber: string } | null>;
  clock?: Clock;
}

export interface WarningServiceEvents {
  /** A new warning, committed; also to be sent to the sockets of `notifyUserIds` (a team's leader). */
  raised: [Warning, readonly string[]];
  /** A warning changed (acknowledged). */
  updated: [Warning];
}

/** What a feature records when it raises a warning; id and time are added here. */
export interface NewWarning {
  courtId: string;
  teamId: string | null;
  instructionId: string | null;
  kind: WarningKind;
  level: WarningLevel;
  text: string;
  raisedBy: { id: string; name: string } | null;
  clientKey?: string;
  position?: { lng: number; lat: number } | null;
}

const DEFAULT_LIST = 100;

/**
 * Warnings (执行预警): stored, shown on the consoles of the warning's court and every court above
 * it, acknowledged by one of them. Raising happens inside the raiser's transaction (insert()), the
 * announcement after its commit (announce()), so no console hears of a warning that was rolled back.
 */
export class WarningService extends EventEmitter<WarningServiceEvents> {
  readonly #db: Kysely<Database>;
  readonly #courts: () => CourtTree;
  readonly #teams: TeamDirectory;
  readonly #clock: Clock;
  readonly #ongoingActionOf: WarningServiceOptions['ongoingActionOf'];

  constructor(opts: WarningServiceOptions) {
    super();
    this.#db = opts.db;
    this.#teams = opts.teams;
    this.#courts = opts.courts;
    this.#clock = opts.clock ?? systemClock;
    this.#ongoingActionOf = opts.ongoingActionOf;
  }

  /** Stores a warning inside `trx`; returns it, or null when `clientKey` was already used by the raiser. */
  async insert(trx: Transaction<Database>, w: NewWarning, now = dateOf(this.#clock)): Promise<Warning | null> {
    const row: Selectable<WarningTable> = {
      id: randomUUID(),
      court_id: w.courtId,
      team_id: w.teamId,
      instruction_id: w.instructionId,
      kind: w.kind,
      level: w.level,
      text: w.text,
      raised_at: now.toISOString(),
      raised_by: w.raisedBy?.id ?? null,
      raised_by_name: w.raisedBy?.name ?? null,
      client_key: w.clientKey ?? null,
      lng: w.position?.lng ?? null,
      lat: w.position?.lat ?? null,
      acknowledged_at: null,
      acknowledged_by: null,
      acknowledged_by_name: null,
    };
    const inserted = await trx
      .insertInto('warnings')
      .values(row)
      .onConflict((oc) => oc.columns(['raised_by', 'client_key']).doNothing())
      .returning('id')
      .executeTakeFirst();
    return inserted ? toWarning(row) : null;
  }

  /** Sends a committed warning to the consoles (and `notifyUserIds`). */
  announce(w: Warning, notifyUserIds: readonly string[] = []): void {
    this.emit('raised', w, notifyUserIds);
  }

  /**
   * SOS from a field officer: a critical warning for the team's court (so every console that may see
   * the team), audited. Never refused for want of a team: an officer in no team, or in several
   * without naming one, raises it for their own court. Resending the same clientKey is one warning.
   */
  async raiseSos(actor: Actor, m: RaiseSos): Promise<SosResult> {
    const existing = await this.#byClientKey(actor.userId, m.clientKey);
    if (existing) return { warningId: existing, duplicate: true };
    const teams = await this.#teams.teamsOf(actor.userId);
    let team: (typeof teams)[number] | undefined;
    if (m.teamId !== undefined) {
      team = teams.find((t) => t.id === m.teamId);
      if (!team) throw new ForbiddenError(`不是队伍 ${m.teamId} 的成员 / not a member of team ${m.teamId}`);
    } else if (teams.length === 1) {
      team = teams[0];
    }
    const courtId = team?.courtId ?? actor.courtId;
    const where = team ? `${team.name}（${this.#courtName(courtId)}）` : this.#courtName(courtId);
    const now = dateOf(this.#clock);
    const warning = await this.#db.transaction().execute(async (trx) => {
      const w = await this.insert(
        trx,
        {
          courtId,
          teamId: team?.id ?? null,
          instructionId: null,
          kind: 'sos',
          level: 'critical',
          text: `SOS 紧急求助：${where} ${actor.name}${m.text ? `：${m.text}` : ''}`,
          raisedBy: { id: actor.userId, name: actor.name },
          clientKey: m.clientKey,
          position: m.position ?? null,
        },
        now,
      );
      if (!w) return null;
      await AuditLog.append(
        trx,
        {
          actorUserId: actor.userId,
          actorName: actor.username,
          courtId: actor.courtId,
          action: 'sos.raise',
          targetType: 'warning',
          targetId: w.id,
          detail: { teamId: w.teamId, courtId, position: w.position, clientKey: m.clientKey },
        },
        now,
      );
      return w;
    });
    if (!warning) {
      // The same key committed by a concurrent resend between our check and insert.
      const id = await this.#byClientKey(actor.userId, m.clientKey);
      if (!id) throw new Error('SOS neither inserted nor found');
      return { warningId: id, duplicate: true };
    }
    this.announce(warning);
    return { warningId: warning.id, duplicate: false };
  }

  /**
   * A team on duty went silent (PositionHub 'lost'): a stored warning for the consoles that may see
   * it, critical when the team is on an ongoing action (device offline during an action), audited
   * as the system's act. The hub reports each silence once, so each is one warning.
   */
  async raiseTeamLost(lost: TeamLost): Promise<Warning> {
    const action = await this.#ongoingActionOf(lost.teamId);
    const now = dateOf(this.#clock);
    const silence = silenceText(now.getTime() - Date.parse(lost.silentSince));
    const where = `${lost.teamName}（${this.#courtName(lost.courtId)}）`;
    const text = action ? `行动中设备离线：${where}执行 ${action.caseNumber} 时已${silence}无位置回传` : `队伍失联：${where}已${silence}无位置回传`;
    const warning = await this.#db.transaction().execute(async (trx) => {
      const w = await this.insert(
        trx,
        {
          courtId: lost.courtId,
          teamId: lost.teamId,
          instructionId: null,
          kind: 'team-lost',
          level: action ? 'critical' : 'high',
          text,
          raisedBy: null,
          position: lost.lastPosition ? { lng: lost.lastPosition.lng, lat: lost.lastPosition.lat } : null,
        },
        now,
      );
      if (!w) throw new Error('team-lost warning not inserted');
      await AuditLog.append(
        trx,
        {
          actorUserId: null,
          actorName: SYSTEM_ACTOR,
          courtId: lost.courtId,
          action: 'team.lost',
          targetType: 'team',
          targetId: lost.teamId,
          detail: { warningId: w.id, silentSince: lost.silentSince, actionId: action?.id ?? null },
        },
        now,
      );
      return w;
    });
    this.announce(warning);
    return warning;
  }

  /**
   * Acknowledges a warning for a console of a court that may see it (else ERR_NOT_FOUND: its
   * existence is not revealed). Acknowledging one already acknowledged answers it as it is.
   */
  async acknowledge(actor: Actor, warningId: string): Promise<Warning> {
    const row = await this.#row(warningId);
    if (!row || !this.#courts().canSee(actor.courtId, row.court_id)) throw new NotFoundError(`预警 ${warningId} / warning ${warningId}`);
    if (row.acknowledged_at !== null) return toWarning(row);
    const now = dateOf(this.#clock);
    const changed = await this.#db.transaction().execute(async (trx) => {
      const r = await trx
        .updateTable('warnings')
        .set({ acknowledged_at: now.toISOString(), acknowledged_by: actor.userId, acknowledged_by_name: actor.name })
        .where('id', '=', warningId)
        .where('acknowledged_at', 'is', null)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) return false;
      await AuditLog.append(
        trx,
        { actorUserId: actor.userId, actorName: actor.username, courtId: actor.courtId, action: 'warning.ack', targetType: 'warning', targetId: warningId, detail: { kind: row.kind } },
        now,
      );
      return true;
    });
    const after = await this.#row(warningId);
    if (!after) throw new NotFoundError(`预警 ${warningId} / warning ${warningId}`);
    const w = toWarning(after);
    if (changed) this.emit('updated', w);
    return w;
  }

  /** The warnings of the actor's court and every court below it, newest first. */
  async list(actor: Actor, m: ListWarnings): Promise<Warning[]> {
    const tree = this.#courts();
    const courtIds = tree.subtree(actor.courtId);
    if (courtIds.length === 0) return [];
    let q = this.#db.selectFrom('warnings').selectAll();
    if (!coversAllCourts(tree, courtIds)) q = q.where('court_id', 'in', courtIds);
    if (m.open) q = q.where('acknowledged_at', 'is', null);
    if (m.before !== undefined) q = q.where('raised_at', '<', new Date(m.before).toISOString());
    const rows = await q.orderBy('raised_at', 'desc').orderBy('id').limit(m.limit ?? DEFAULT_LIST).execute();
    return rows.map(toWarning);
  }

  #courtName(courtId: string): string {
    return this.#courts().get(courtId)?.shortName ?? courtId;
  }

  async #row(id: string): Promise<Selectable<WarningTable> | undefined> {
    return this.#db.selectFrom('warnings').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async #byClientKey(userId: string, clientKey: string): Promise<string | null> {
    const row = await this.#db.selectFrom('warnings').select('id').where('raised_by', '=', userId).where('client_key', '=', clientKey).executeTakeFirst();
    return row?.id ?? null;
  }
}

/** 45,000 ms → " 45 秒", 300,000 ms → " 5 分钟". */
function silenceText(ms: number): string {
  const seconds = Math.max(1, Math.round(ms / 1000));
  return seconds < 120 ? ` ${seconds} 秒` : ` ${Math.round(seconds / 60)} 分钟`;
}

function toWarning(r: Selectable<WarningTable>): Warning {
  return {
    id: r.id,
    courtId: r.court_id,
    teamId: r.team_id,
    instructionId: r.instruction_id,
    kind: r.kind,
    level: r.level,
    text: r.text,
    raisedAt: r.raised_at,
    raisedBy: r.raised_by !== null ? { id: r.raised_by, name: r.raised_by_name ?? '' } : null,
    position: r.lng !== null && r.lat !== null ? { lng: r.lng, lat: r.lat } : null,
    acknowledgedAt: r.acknowledged_at,
    acknowledgedBy: r.acknowledged_by !== null ? { id: r.acknowledged_by, name: r.acknowledged_by_name ?? '' } : null,
  };
}
