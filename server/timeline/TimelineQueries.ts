import type { Kysely } from 'kysely';
import type { ActionStatus } from '../../protocol/domain.ts';
import { MAX_TIMELINE_ENTRIES, type ActionTimelineAnswer, type TimelineEntry } from '../../protocol/timeline.ts';
import { systemClock, type Clock } from '../clock.ts';
import type { CourtTree } from '../courts/index.ts';
import { NotFoundError } from '../errors.ts';
import type { Database } from '../store/index.ts';
import { assignEntry, eventEntry, gapEntry, planEntry, recordingEntries, statusEntry, warningEntries } from './entries.ts';
import { instructionEntries } from './instructionEntries.ts';

export interface TimelineQueriesOptions {
  db: Kysely<Database>;
  courts: () => CourtTree;
  clock?: Clock;
}

/** Who sees which team: names by id, and whether the reader's court may see it. */
export interface TeamBook {
  entry(teamId: string | null): { id: string; name: string } | null;
  visible(teamId: string | null): boolean;
}

/**
 * One action's timeline, read from the store (read-only joins across the features' tables): the
 * action's own row and audit entries (planned, started with its frozen plan, finished or cancelled;
 * teams assigned and released), plan versions, action_events (arrivals and departures, feeds,
 * watchers), instructions to the action or to its teams while it ran and each of their steps,
 * warnings of its teams while it ran, recordings and their gaps. Entries about a team the reader's
 * court may not see are left out, as every ActionView leaves that team out.
 */
export class TimelineQueries {
  readonly #db: Kysely<Database>;
  readonly #courts: () => CourtTree;
  readonly #clock: Clock;

  constructor(opts: TimelineQueriesOptions) {
    this.#db = opts.db;
    this.#courts = opts.courts;
    this.#clock = opts.clock ?? systemClock;
  }

  /** GET /api/actions/:id/timeline for a reader of `viewerCourtId`; ERR_NOT_FOUND outside its branch. */
  async read(viewerCourtId: string, actionId: string): Promise<ActionTimelineAnswer> {
    const tree = this.#courts();
    const db = this.#db;
    const action = await db
      .selectFrom('actions')
      .select(['court_id', 'kind', 'status', 'planned_at', 'started_at', 'ended_at', 'plan_version'])
      .where('id', '=', actionId)
      .executeTakeFirst();
    if (!action || !tree.canSee(viewerCourtId, action.court_id)) throw new NotFoundError(`行动 ${actionId} / action ${actionId}`);

    const [audit, assigned, plans, events, recordings, gaps] = await Promise.all([
      db
        .selectFrom('audit_log')
        .leftJoin('users', 'users.id', 'audit_log.actor_user_id')
        .select(['audit_log.seq', 'audit_log.at', 'audit_log.actor_user_id', 'audit_log.actor_name', 'users.display_name', 'audit_log.action', 'audit_log.detail'])
        .where('audit_log.target_type', '=', 'action')
        .where('audit_log.target_id', '=', actionId)
        .where('audit_log.action', 'in', ['action.status', 'action.assign'])
        .orderBy('audit_log.seq')
        .execute(),
      db.selectFrom('action_teams').select(['team_id', 'assigned_at']).where('action_id', '=', actionId).execute(),
      db.selectFrom('action_plans').select(['version', 'author_user_id', 'author_name', 'saved_at']).where('action_id', '=', actionId).orderBy('version').execute(),
      db.selectFrom('action_events').selectAll().where('action_id', '=', actionId).orderBy('at').execute(),
      db.selectFrom('recordings').select(['id', 'team_id', 'officer', 'kind', 'started_at', 'ended_at', 'sha256', 'end_reason']).where('action_id', '=', actionId).orderBy('started_at').execute(),
      db.selectFrom('recording_gaps').select(['id', 'team_id', 'kind', 'from_at', 'to_at', 'reason']).where('action_id', '=', actionId).orderBy('from_at').execute(),
    ]);

    // Every team ever on the action: assigned now, assigned or released on the audit trail, or named by an event.
    const assigns = audit.filter((a) => a.action === 'action.assign').map((a) => ({ ...a, d: JSON.parse(a.detail) as { added?: string[]; removed?: string[] } }));
    const teamIds = new Set<string>(assigned.map((a) => a.team_id));
    for (const a of assigns) for (const id of [...(a.d.added ?? []), ...(a.d.removed ?? [])]) teamIds.add(id);
    for (const row of [...events, ...recordings, ...gaps]) if (row.team_id) teamIds.add(row.team_id);
    const teamRows = teamIds.size === 0 ? [] : await db.selectFrom('teams').select(['id', 'name', 'court_id']).where('id', 'in', [...teamIds]).execute();
    const byId = new Map(teamRows.map((t) => [t.id, t]));
    const book: TeamBook = {
      visible: (id) => id === null || (byId.has(id) && tree.canSee(viewerCourtId, byId.get(id)!.court_id)),
      entry: (id) => {
        const t = id === null ? undefined : byId.get(id);
        return t ? { id: t.id, name: t.name } : null;
      },
    };

    const out: TimelineEntry[] = [statusEntry(`action:${actionId}:planned`, action.planned_at, 'planned', null, { kind: action.kind })];
    const seen = new Set<ActionStatus>();
    for (const a of audit) {
      const actor = { userId: a.actor_user_id, name: a.display_name ?? a.actor_name };
      if (a.action === 'action.status') {
        const d = JSON.parse(a.detail) as { to: ActionStatus; planVersion?: number | null };
        seen.add(d.to);
        out.push(statusEntry(`audit:${a.seq}`, a.at, d.to, actor, { planVersion: d.to === 'ongoing' ? (d.planVersion ?? null) : undefined }));
      }
    }
    // Actions that began life before the audit trail recorded them (a seeded demo) still show their start and end.
    if (action.started_at && !seen.has('ongoing')) out.push(statusEntry(`action:${actionId}:started`, action.started_at, 'ongoing', null, { planVersion: action.plan_version }));
    if (action.ended_at && (action.status === 'finished' || action.status === 'cancelled') && !seen.has(action.status)) {
      out.push(statusEntry(`action:${actionId}:ended`, action.ended_at, action.status, null, {}));
    }

    const coveredByAudit = new Set<string>();
    for (const a of assigns) {
      const actor = { userId: a.actor_user_id, name: a.display_name ?? a.actor_name };
      for (const [list, added] of [[a.d.added ?? [], true], [a.d.removed ?? [], false]] as const) {
        for (const teamId of list) {
          if (added) coveredByAudit.add(teamId);
          const team = book.entry(teamId);
          if (team && book.visible(teamId)) out.push(assignEntry(`audit:${a.seq}:${teamId}`, a.at, added, actor, team));
        }
      }
    }
    for (const a of assigned) {
      const team = book.entry(a.team_id);
      if (!coveredByAudit.has(a.team_id) && team && book.visible(a.team_id)) out.push(assignEntry(`assign:${actionId}:${a.team_id}`, a.assigned_at, true, null, team));
    }

    for (const p of plans) out.push(planEntry(actionId, p.version, p.saved_at, { userId: p.author_user_id, name: p.author_name }));
    for (const e of events) if (book.visible(e.team_id)) out.push(eventEntry(e, book.entry(e.team_id)));

    // What happened to the action's teams while it ran: instructions and their steps, warnings.
    const from = action.started_at;
    const to = action.ended_at ?? new Date(this.#clock.now()).toISOString();
    const visibleTeams = [...teamIds].filter((id) => book.visible(id));
    out.push(...(await instructionEntries(db, actionId, visibleTeams, from === null ? null : { from, to }, book)));
    if (from !== null && visibleTeams.length > 0) {
      const warnings = await db
        .selectFrom('warnings')
        .select(['id', 'team_id', 'kind', 'text', 'raised_at', 'raised_by', 'raised_by_name', 'acknowledged_at', 'acknowledged_by', 'acknowledged_by_name'])
        .where('team_id', 'in', visibleTeams)
        .where('raised_at', '>=', from)
        .where('raised_at', '<=', to)
        .orderBy('raised_at')
        .execute();
      for (const w of warnings) out.push(...warningEntries(w, book.entry(w.team_id)));
    }

    for (const r of recordings) if (book.visible(r.team_id)) out.push(...recordingEntries(r, book.entry(r.team_id)));
    for (const g of gaps) if (book.visible(g.team_id)) out.push(gapEntry(g, book.entry(g.team_id)));

    // Stable: entries at the same instant keep the order above (the start before what it caused).
    out.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
    const truncated = out.length > MAX_TIMELINE_ENTRIES;
    return { actionId, status: action.status, entries: truncated ? out.slice(0, MAX_TIMELINE_ENTRIES) : out, truncated };
  }
}
