import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Kysely } from 'kysely';
import type { TimelineEntry } from '../../protocol/timeline.ts';
import { AuditLog } from '../audit/index.ts';
import { systemClock, type Clock } from '../clock.ts';
import { InvalidStateError } from '../errors.ts';
import type { ActionEventTable, Database } from '../store/index.ts';
import { eventEntry } from './entries.ts';

export interface ActionEventLogOptions {
  db: Kysely<Database>;
  clock?: Clock;
}

/** What a feature tells the log; id and time are added here. */
export interface NewActionEvent {
  actionId: string;
  kind: ActionEventTable['kind'];
  teamId: string | null;
  actor: { userId: string | null; name: string };
  detail: Record<string, unknown>;
  /** The audit entry written with it (arrivals, departures, watchers joining); none for feeds. */
  audit?: { action: string; actorUserId: string | null; actorName: string };
}

/** An event as stored, for the fan-out: the action's court and the team's decide who hears it. */
export interface ActionEventNews {
  actionId: string;
  actionCourtId: string;
  team: { id: string; name: string; courtId: string } | null;
  entry: TimelineEntry;
}

export interface ActionEventLogEvents {
  /** An event was stored (committed). */
  recorded: [ActionEventNews];
}

/**
 * The only writer of `action_events`: what happened on an action that no other table holds. Each
 * event is stored with its audit entry (when it has one) in one transaction, then announced, each
 * action's events one after another. Times are the server's clock, strictly increasing per action so
 * the timeline's order is the order of events.
 */
export class ActionEventLog extends EventEmitter<ActionEventLogEvents> {
  readonly #db: Kysely<Database>;
  readonly #clock: Clock;
  /** actionId → the last event's time (ms). */
  readonly #lastAt = new Map<string, number>();
  /** Writes in flight: close() waits for them. */
  readonly #pending = new Set<Promise<unknown>>();
  /** actionId → its last write: an action's events commit (and are announced) one after another, in order (PostgreSQL runs transactions side by side). */
  readonly #tails = new Map<string, Promise<unknown>>();
  #closed = false;

  constructor(opts: ActionEventLogOptions) {
    super();
    this.#db = opts.db;
    this.#clock = opts.clock ?? systemClock;
  }

  /** Stores an event (InvalidStateError once closed); resolves with what it announced, or null for an unknown action. */
  record(e: NewActionEvent): Promise<ActionEventNews | null> {
    if (this.#closed) return Promise.reject(new InvalidStateError('ActionEventLog closed'));
    const at = Math.max(this.#clock.now(), (this.#lastAt.get(e.actionId) ?? 0) + 1);
    this.#lastAt.set(e.actionId, at);
    const after = this.#tails.get(e.actionId) ?? Promise.resolve();
    // The previous write's failure is its caller's; this one runs regardless.
    const write = after.then(
      () => this.#write(e, new Date(at)),
      () => this.#write(e, new Date(at)),
    );
    this.#tails.set(e.actionId, write);
    this.#pending.add(write);
    void write
      .finally(() => {
        this.#pending.delete(write);
        if (this.#tails.get(e.actionId) === write) this.#tails.delete(e.actionId);
      })
      .catch(() => {
        // The caller gets the rejection from `write` itself; this chain only keeps the maps tidy.
      });
    return write;
  }

  /** True once close() ran: events are refused (the server is stopping). */
  get closed(): boolean {
    return this.#closed;
  }

  /** Forgets an action's clock (it finished). */
  forget(actionId: string): void {
    this.#lastAt.delete(actionId);
  }

  /** Refuses new events and waits for those being written (before the store closes). */
  async close(): Promise<void> {
    this.#closed = true;
    await Promise.allSettled([...this.#pending]);
  }

  async #write(e: NewActionEvent, now: Date): Promise<ActionEventNews | null> {
    const row = { id: randomUUID(), action_id: e.actionId, at: now.toISOString(), kind: e.kind, team_id: e.teamId, actor_user_id: e.actor.userId, actor_name: e.actor.name, detail: JSON.stringify(e.detail) };
    const stored = await this.#db.transaction().execute(async (trx) => {
      const action = await trx.selectFrom('actions').select('court_id').where('id', '=', e.actionId).executeTakeFirst();
      if (!action) return null;
      const team = e.teamId ? await trx.selectFrom('teams').select(['id', 'name', 'court_id']).where('id', '=', e.teamId).executeTakeFirst() : undefined;
      await trx.insertInto('action_events').values(row).execute();
      if (e.audit) {
        // The trail names people by login name, as every other entry does.
        const user = e.audit.actorUserId ? await trx.selectFrom('users').select('username').where('id', '=', e.audit.actorUserId).executeTakeFirst() : undefined;
        await AuditLog.append(
          trx,
          { actorUserId: e.audit.actorUserId, actorName: user?.username ?? e.audit.actorName, courtId: action.court_id, action: e.audit.action, targetType: 'action', targetId: e.actionId, detail: { teamId: e.teamId, ...e.detail } },
          now,
        );
      }
      return { actionCourtId: action.court_id, team: team ? { id: team.id, name: team.name, courtId: team.court_id } : null };
    });
    if (!stored) return null;
    const news: ActionEventNews = { actionId: e.actionId, ...stored, entry: eventEntry(row, stored.team && { id: stored.team.id, name: stored.team.name }) };
    this.emit('recorded', news);
    return news;
  }
}
