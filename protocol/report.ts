import { Type, type Static } from 'typebox';
import { ChatMessage } from './chat.ts';
import { Id } from './common.ts';
import { ActionKind, ActionStatus, RiskColour } from './domain.ts';
import { InstructionView } from './instruction.ts';
import { PlanContingency, PlanDocument, PlanRole } from './plan.ts';
import { RecordingGap, RecordingView } from './recording.ts';
import { TimelineEntry } from './timeline.ts';

// The report of a finished (or cancelled) enforcement action (执行行动报告): built from the store when
// asked, shown as a page (/console?report=ID, GET /api/actions/:id/report) and downloaded as a PDF
// (GET /api/actions/:id/report.pdf) that carries its Chinese text in an embedded font. Everything in
// it is cut to what the reader's court may see, as the timeline and every ActionView are.

const IsoTime = Type.String({ format: 'date-time' });
const Sha256 = Type.String({ pattern: '^[0-9a-f]{64}$' });

/** The actions a report is given for: those that are over. */
export const REPORT_STATUSES = ['finished', 'cancelled'] as const satisfies readonly ActionStatus[];

/** The most chat messages one report tells (the earliest; `chatTruncated` beyond). */
export const MAX_REPORT_CHAT = 2_000;

/** The plan version the report rests on: the one frozen at the start, else (cancelled before it) the latest saved. */
export const ReportPlan = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    /** True when this is the version frozen by the start. */
    frozen: Type.Boolean(),
    authorName: Type.String(),
    savedAt: IsoTime,
    objective: Type.String(),
    riskColour: RiskColour,
    riskReasons: Type.Array(Type.String()),
    documents: Type.Array(PlanDocument),
    contingencies: Type.Array(PlanContingency),
    siteRadiusM: Type.Integer({ minimum: 1 }),
  },
  { additionalProperties: false },
);
export type ReportPlan = Static<typeof ReportPlan>;

/** What the action was: the case, the court, the risk and why, its times, and its plan. */
export const ReportHeader = Type.Object(
  {
    caseId: Id,
    caseNumber: Type.String(),
    kind: ActionKind,
    status: ActionStatus,
    courtId: Id,
    /** The court's full name (宁波市海曙区人民法院). */
    courtName: Type.String(),
    riskColour: RiskColour,
    /** Why that colour, as the case's risk assessment says it. */
    riskReasons: Type.Array(Type.String()),
    plannedAt: IsoTime,
    startedAt: Type.Union([IsoTime, Type.Null()]),
    endedAt: Type.Union([IsoTime, Type.Null()]),
    lng: Type.Number(),
    lat: Type.Number(),
    siteRadiusM: Type.Integer({ minimum: 1 }),
    plan: Type.Union([ReportPlan, Type.Null()]),
  },
  { additionalProperties: false },
);
export type ReportHeader = Static<typeof ReportHeader>;

/** A team that took part: assigned, named by the plan, or named by the timeline; its role from the plan. */
export const ReportTeam = Type.Object(
  {
    teamId: Id,
    name: Type.String(),
    role: Type.Union([PlanRole, Type.Null()]),
    task: Type.Union([Type.String(), Type.Null()]),
  },
  { additionalProperties: false },
);
export type ReportTeam = Static<typeof ReportTeam>;

/** A chat message with its photo's fingerprint (the photo itself: GET …/report/photos/:messageId). */
export const ReportChatMessage = Type.Object(
  {
    message: ChatMessage,
    /** SHA-256 of the photo's bytes (the chat.send audit entry holds the same); null without a photo. */
    photoSha256: Type.Union([Sha256, Type.Null()]),
  },
  { additionalProperties: false },
);
export type ReportChatMessage = Static<typeof ReportChatMessage>;

/** Someone who followed the action live from a console (the timeline's watch_join and watch_leave). */
export const ReportWatcher = Type.Object(
  {
    name: Type.String(),
    /** As the timeline tells it: court, name and role. */
    text: Type.String(),
    firstJoinedAt: IsoTime,
    /** When they last stopped watching; null when the timeline has no leaving after the last joining. */
    lastLeftAt: Type.Union([IsoTime, Type.Null()]),
    /** How many times they began watching. */
    joins: Type.Integer({ minimum: 1 }),
  },
  { additionalProperties: false },
);
export type ReportWatcher = Static<typeof ReportWatcher>;

/** GET /api/actions/:id/report: the report as data, for the page. */
export const ActionReport = Type.Object(
  {
    actionId: Id,
    generatedAt: IsoTime,
    header: ReportHeader,
    teams: Type.Array(ReportTeam),
    /** Everything that happened, oldest first (GET …/timeline). */
    timeline: Type.Array(TimelineEntry),
    timelineTruncated: Type.Boolean(),
    /** Instructions to the action or to its teams while it ran, oldest first, each team's steps with their times. */
    instructions: Type.Array(InstructionView),
    recordings: Type.Array(RecordingView),
    gaps: Type.Array(RecordingGap),
    chat: Type.Array(ReportChatMessage),
    chatTruncated: Type.Boolean(),
    watchers: Type.Array(ReportWatcher),
  },
  { additionalProperties: false },
);
export type ActionReport = Static<typeof ActionReport>;

/** GET /api/actions/:id/report/photos/:messageId. */
export const ReportPhotoParams = Type.Object({ id: Id, messageId: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) }, { additionalProperties: false });
export type ReportPhotoParams = Static<typeof ReportPhotoParams>;
