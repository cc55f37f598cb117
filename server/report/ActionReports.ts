import type { Kysely } from 'kysely';
import { CHAT_PAGE_MAX } from '../../protocol/chat.ts';
import { MAX_REPORT_CHAT, REPORT_STATUSES, type ActionReport, type ReportChatMessage, type ReportPlan, type ReportTeam, type ReportWatcher } from '../../protocol/report.ts';
import type { ActionPlanVersion } from '../../protocol/plan.ts';
import type { TimelineEntry } from '../../protocol/timeline.ts';
import type { ActionPlans, ActionService } from '../actions/index.ts';
import { AuditLog } from '../audit/index.ts';
import type { Actor } from '../auth/index.ts';
import type { ChatService } from '../chat/index.ts';
import { dateOf, systemClock, type Clock } from '../clock.ts';
import type { CourtTree } from '../courts/index.ts';
import type { InstructionQueries } from '../dispatch/index.ts';
import { InvalidStateError, NotFoundError } from '../errors.ts';
import type { RecordingService } from '../recording/index.ts';
import type { Database } from '../store/index.ts';
import type { TimelineQueries } from '../timeline/index.ts';

export interface ActionReportsOptions {
  db: Kysely<Database>;
  courts: () => CourtTree;
  actions: Pick<ActionService, 'get' | 'replayOf'>;
  plans: Pick<ActionPlans, 'read'>;
  timeline: Pick<TimelineQueries, 'read'>;
  instructions: Pick<InstructionQueries, 'views'>;
  recordings: Pick<RecordingService, 'list'>;
  chat: Pick<ChatService, 'list' | 'photo' | 'photoDigests'>;
  clock?: Clock;
}

/** Who reads a report, and from where (the audit entry's ip). */
export interface ReportReader extends Actor {
  ip: string | null;
}

/** A chat photo's bytes and type, as the PDF embeds it. */
export interface ReportPhoto {
  type: 'jpeg' | 'png';
  bytes: Buffer;
}

const PHOTO_URL = /^data:image\/(jpeg|png);base64,/;

/**
 * Reports of enforcement actions that are over (执行行动报告), built from the store on every request
 * through the features' own read sides: the action and its times (actions), the plan frozen at the
 * start (actionPlans), everything that happened (timeline), the instructions it names with each
 * team's steps (dispatch), recordings and gaps (recording), messages and photo hashes (chat). Each is
 * cut to what the reader's court may see; the teams are those the cut timeline, plan and action name.
 */
export class ActionReports {
  readonly #o: ActionReportsOptions;
  readonly #clock: Clock;

  constructor(opts: ActionReportsOptions) {
    this.#o = opts;
    this.#clock = opts.clock ?? systemClock;
  }

  /**
   * The report of `actionId` for `reader`: ERR_NOT_FOUND outside the reader's branch (existence is
   * not revealed), ERR_INVALID_STATE while the action is planned or ongoing.
   */
  async build(reader: Actor, actionId: string): Promise<ActionReport> {
    const { actions, plans, timeline, instructions, recordings, chat } = this.#o;
    const tree = this.#o.courts();
    const view = await actions.get(reader, actionId);
    if (!(REPORT_STATUSES as readonly string[]).includes(view.status)) {
      throw new InvalidStateError(`行动${view.status === 'planned' ? '尚未开始' : '仍在进行'}，结束后才能生成报告 / action ${actionId} is ${view.status}: a report is given once it is over`);
    }
    const generatedAt = dateOf(this.#clock).toISOString();
    const participant = { actor: reader, terminal: false as const };
    const [span, planAnswer, told, recorded, messages, digests] = await Promise.all([
      actions.replayOf(reader.courtId, actionId),
      plans.read(reader, actionId),
      timeline.read(reader.courtId, actionId),
      recordings.list(reader.courtId, actionId),
      this.#messages(participant, actionId),
      chat.photoDigests(participant, actionId),
    ]);
    const frozen = planAnswer.frozenVersion;
    const planVersion = frozen !== null && planAnswer.plan?.version !== frozen ? (await plans.read(reader, actionId, frozen)).plan : planAnswer.plan;

    const teams = reportTeams(
      view.teams.filter((t) => tree.canSee(reader.courtId, t.courtId)).map((t) => ({ id: t.teamId, name: t.name })),
      planVersion,
      told.entries,
    );
    const teamIds = new Set(teams.map((t) => t.teamId));
    const instructionIds = told.entries.flatMap((e) => (e.kind === 'instruction_issued' && e.refs.instructionId ? [e.refs.instructionId] : []));
    const views = await instructions.views(reader.courtId, [...new Set(instructionIds)]);
    const onTeam = (teamId: string | null) => teamId === null || teamIds.has(teamId);

    return {
      actionId,
      generatedAt,
      header: {
        caseId: view.caseId,
        caseNumber: view.caseNumber,
        kind: view.kind,
        status: view.status,
        courtId: view.courtId,
        courtName: tree.get(view.courtId)?.name ?? view.courtName,
        riskColour: view.riskColour,
        riskReasons: view.riskReasons.map((r) => r.text),
        plannedAt: span.plannedAt,
        startedAt: span.startedAt,
        endedAt: span.endedAt,
        lng: view.lng,
        lat: view.lat,
        siteRadiusM: view.siteRadiusM,
        plan: planVersion ? reportPlan(planVersion, frozen) : null,
      },
      teams,
      timeline: told.entries,
      timelineTruncated: told.truncated,
      instructions: views.flatMap((v) => {
        const targets = v.targets.filter((t) => teamIds.has(t.teamId));
        return targets.length === 0 ? [] : [{ ...v, targets }];
      }),
      recordings: recorded.recordings.filter((r) => onTeam(r.teamId)),
      gaps: recorded.gaps.filter((g) => onTeam(g.teamId)),
      chat: messages.list.map((m): ReportChatMessage => ({ message: m, photoSha256: m.hasPhoto ? (digests.get(m.id) ?? null) : null })),
      chatTruncated: messages.truncated,
      watchers: reportWatchers(told.entries),
    };
  }

  /** One chat photo of the action's report (the page's thumbnail, the PDF's picture); ERR_NOT_FOUND for one of another action. */
  async photo(reader: Actor, actionId: string, messageId: number): Promise<ReportPhoto> {
    const participant = { actor: reader, terminal: false };
    // The message must be of this action (and the reader may see it): the chat's own check answers the rest.
    const digests = await this.#o.chat.photoDigests(participant, actionId);
    if (!digests.has(messageId)) throw new NotFoundError(`消息 ${messageId} 的照片 / photo of message ${messageId}`);
    const { photo } = await this.#o.chat.photo(participant, { messageId });
    const m = PHOTO_URL.exec(photo);
    if (!m) throw new NotFoundError(`消息 ${messageId} 的照片 / photo of message ${messageId}`);
    return { type: m[1] === 'png' ? 'png' : 'jpeg', bytes: Buffer.from(photo.slice(m[0].length), 'base64') };
  }

  /** Audits a reading of the report (the page) or its download (the PDF, with its own SHA-256), before it leaves. */
  async audit(reader: ReportReader, report: ActionReport, what: { download: false } | { download: true; sha256: string; bytes: number }): Promise<void> {
    const detail = {
      caseNumber: report.header.caseNumber,
      status: report.header.status,
      generatedAt: report.generatedAt,
      ...(what.download ? { sha256: what.sha256, bytes: what.bytes } : {}),
    };
    await this.#o.db.transaction().execute((trx) =>
      AuditLog.append(
        trx,
        {
          actorUserId: reader.userId,
          actorName: reader.username,
          courtId: reader.courtId,
          action: what.download ? 'action.report.download' : 'action.report.view',
          targetType: 'action',
          targetId: report.actionId,
          detail,
          ip: reader.ip,
        },
        dateOf(this.#clock),
      ),
    );
  }

  /** The action's messages, oldest first, page by page up to MAX_REPORT_CHAT. */
  async #messages(participant: { actor: Actor; terminal: false }, actionId: string): Promise<{ list: ReportChatMessage['message'][]; truncated: boolean }> {
    const list: ReportChatMessage['message'][] = [];
    for (;;) {
      const page = await this.#o.chat.list(participant, { actionId, after: list.at(-1)?.id ?? 0, limit: CHAT_PAGE_MAX });
      list.push(...page);
      if (list.length > MAX_REPORT_CHAT) return { list: list.slice(0, MAX_REPORT_CHAT), truncated: true };
      if (page.length < CHAT_PAGE_MAX) return { list, truncated: false };
    }
  }
}

/** The plan version a report rests on. */
function reportPlan(v: ActionPlanVersion, frozenVersion: number | null): ReportPlan {
  const c = v.content;
  return {
    version: v.version,
    frozen: v.version === frozenVersion,
    authorName: v.authorName,
    savedAt: v.savedAt,
    objective: c.objective,
    riskColour: c.riskColour,
    riskReasons: c.riskReasons,
    documents: c.documents,
    contingencies: c.contingencies,
    siteRadiusM: c.siteRadiusM,
  };
}

/**
 * The teams of the report: the plan's (in its order, with their roles), then those assigned or named
 * by the timeline (by name). Every list given is already cut to what the reader may see.
 */
export function reportTeams(
  assigned: readonly { id: string; name: string }[],
  plan: Pick<ActionPlanVersion, 'content' | 'teamNames'> | null,
  entries: readonly TimelineEntry[],
): ReportTeam[] {
  const out = new Map<string, ReportTeam>();
  for (const t of plan?.content.teams ?? []) {
    const name = plan?.teamNames[t.teamId];
    if (name !== undefined) out.set(t.teamId, { teamId: t.teamId, name, role: t.role, task: t.task?.trim() ? t.task : null });
  }
  const others = new Map<string, string>();
  for (const t of assigned) others.set(t.id, t.name);
  for (const e of entries) if (e.team) others.set(e.team.id, e.team.name);
  const rest = [...others].filter(([id]) => !out.has(id)).sort(([ia, a], [ib, b]) => a.localeCompare(b, 'zh-CN') || ia.localeCompare(ib));
  for (const [id, name] of rest) out.set(id, { teamId: id, name, role: null, task: null });
  return [...out.values()];
}

/** Who watched, from the timeline's watch_join and watch_leave entries: one row per person, in the order they first joined. */
export function reportWatchers(entries: readonly TimelineEntry[]): ReportWatcher[] {
  const out = new Map<string, ReportWatcher>();
  for (const e of entries) {
    if ((e.kind !== 'watch_join' && e.kind !== 'watch_leave') || !e.actor) continue;
    const key = e.actor.userId ?? e.actor.name;
    const w = out.get(key);
    if (e.kind === 'watch_join') {
      if (w) {
        w.joins += 1;
        w.lastLeftAt = null;
      } else out.set(key, { name: e.actor.name, text: e.text, firstJoinedAt: e.at, lastLeftAt: null, joins: 1 });
    } else if (w) w.lastLeftAt = e.at;
  }
  return [...out.values()];
}
