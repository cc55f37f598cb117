import { Type, type Static } from 'typebox';
import { ActionKind, ActionStatus, CaseStage, CaseTrack, CourtLevel, RiskColour, Role, TeamStatus } from './domain.ts';

// REST bodies, queries and answers. Fastify validates requests and serialises answers with these.

const Id = Type.String({ minLength: 1, maxLength: 64 });
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const IsoTime = Type.String({ format: 'date-time' });

/** POST /api/auth/login */
export const LoginBody = Type.Object(
  { username: Type.String({ minLength: 1, maxLength: 64 }), password: Type.String({ minLength: 1, maxLength: 256 }) },
  { additionalProperties: false },
);
export type LoginBody = Static<typeof LoginBody>;

export const CourtRef = Type.Object({ id: Id, name: Type.String(), level: CourtLevel });

/** The signed-in user. */
export const Me = Type.Object({
  id: Id,
  username: Type.String(),
  displayName: Type.String(),
  role: Role,
  court: CourtRef,
});
export type Me = Static<typeof Me>;

export const LoginAnswer = Type.Object({ token: Type.String(), expiresAt: IsoTime, user: Me });
export type LoginAnswer = Static<typeof LoginAnswer>;

const ColourCounts = Type.Object({ red: Type.Integer(), yellow: Type.Integer(), blue: Type.Integer(), green: Type.Integer() });

/** Counts of active cases: by risk colour, and how many have an overdue flow node. */
export const CaseCounts = Type.Object({ active: Type.Integer(), byColour: ColourCounts, overdue: Type.Integer() });
export type CaseCounts = Static<typeof CaseCounts>;

/** GET /api/courts: every court the user may see, with its own counts and its subtree's. */
export const CourtSummary = Type.Object({
  id: Id,
  name: Type.String(),
  shortName: Type.String(),
  level: CourtLevel,
  parentId: Type.Union([Id, Type.Null()]),
  caseCode: Type.String(),
  lng: Type.Number(),
  lat: Type.Number(),
  own: CaseCounts,
  /** This court and all courts below it (一屏看全省). */
  total: CaseCounts,
});
export type CourtSummary = Static<typeof CourtSummary>;
export const CourtList = Type.Object({ items: Type.Array(CourtSummary) });
export type CourtList = Static<typeof CourtList>;

/** GET /api/cases query. `bbox` is minLng,minLat,maxLng,maxLat (WGS-84). */
export const CaseListQuery = Type.Object(
  {
    court: Type.Optional(Id),
    colour: Type.Optional(RiskColour),
    stage: Type.Optional(CaseStage),
    bbox: Type.Optional(Type.String({ pattern: '^-?\\d+(\\.\\d+)?(,-?\\d+(\\.\\d+)?){3}$', maxLength: 100 })),
    overdue: Type.Optional(Type.Boolean()),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  },
  { additionalProperties: false },
);
export type CaseListQuery = Static<typeof CaseListQuery>;

export const RiskReason = Type.Object({ factor: Type.String(), colour: RiskColour, text: Type.String() });
export type RiskReason = Static<typeof RiskReason>;

/** One case in a list or on the map. */
export const CaseSummary = Type.Object({
  id: Id,
  caseNumber: Type.String(),
  courtId: Id,
  applicant: Type.String(),
  respondent: Type.String(),
  amountYuan: Type.Number(),
  filedOn: Day,
  stage: CaseStage,
  stageDueOn: Type.Union([Day, Type.Null()]),
  overdue: Type.Boolean(),
  riskColour: RiskColour,
  /** The computed colour when a person overrode it, else null. */
  computedColour: Type.Union([RiskColour, Type.Null()]),
  lng: Type.Number(),
  lat: Type.Number(),
  teamId: Type.Union([Id, Type.Null()]),
});
export type CaseSummary = Static<typeof CaseSummary>;

export const CaseListAnswer = Type.Object({
  items: Type.Array(CaseSummary),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
});
export type CaseListAnswer = Static<typeof CaseListAnswer>;

export const CaseEvent = Type.Object({ at: IsoTime, kind: Type.String(), text: Type.String() });

export const CaseAction = Type.Object({ id: Id, kind: ActionKind, plannedAt: IsoTime, status: ActionStatus, riskColour: RiskColour });

/** GET /api/cases/:id */
export const CaseDetail = Type.Object({
  ...CaseSummary.properties,
  courtName: Type.String(),
  track: Type.Union([CaseTrack, Type.Null()]),
  handedOverOn: Type.Union([Day, Type.Null()]),
  riskFactors: Type.Array(Type.String()),
  riskReasons: Type.Array(RiskReason),
  overrideReason: Type.Union([Type.String(), Type.Null()]),
  /** 三色督办 for handed-over (裁执分离) cases: colour by time since hand-over, and whom it is pushed to. */
  supervision: Type.Union([
    Type.Object({ colour: Type.Enum(['green', 'yellow', 'red']), elapsedDays: Type.Integer(), pushedTo: Type.Array(Type.String()) }),
    Type.Null(),
  ]),
  tags: Type.Array(Type.String()),
  /** Working days from today to the node deadline (stageDueOn): negative when overdue; null without a deadline or once closed. */
  stageWorkdaysLeft: Type.Union([Type.Integer(), Type.Null()]),
  timeline: Type.Array(CaseEvent),
  actions: Type.Array(CaseAction),
});
export type CaseDetail = Static<typeof CaseDetail>;

/** PUT /api/cases/:id/colour: a person overrides the computed colour, with a reason (audited). */
export const OverrideColourBody = Type.Object(
  { colour: Type.Union([RiskColour, Type.Null()]), reason: Type.String({ minLength: 2, maxLength: 500 }) },
  { additionalProperties: false },
);
export type OverrideColourBody = Static<typeof OverrideColourBody>;

export const IdParams = Type.Object({ id: Id }, { additionalProperties: false });

/** GET /api/teams */
export const TeamInfo = Type.Object({
  id: Id,
  courtId: Id,
  name: Type.String(),
  status: TeamStatus,
  vehicle: Type.Union([Type.String(), Type.Null()]),
  lastPosition: Type.Union([Type.Object({ lng: Type.Number(), lat: Type.Number(), at: IsoTime }), Type.Null()]),
  members: Type.Array(Type.Object({ name: Type.String(), duty: Type.String() })),
  devices: Type.Array(Type.Object({ id: Id, kind: Type.String(), serial: Type.String() })),
});
export type TeamInfo = Static<typeof TeamInfo>;
export const TeamListQuery = Type.Object({ court: Type.Optional(Id) }, { additionalProperties: false });
export const TeamList = Type.Object({ items: Type.Array(TeamInfo) });
export type TeamList = Static<typeof TeamList>;

/** GET /api/audit/verify */
export const AuditVerifyAnswer = Type.Object({
  ok: Type.Boolean(),
  checked: Type.Integer(),
  firstBroken: Type.Union([
    Type.Object({ seq: Type.Integer(), reason: Type.Enum(['hash-mismatch', 'prev-hash-mismatch', 'sequence-gap', 'truncated', 'anchor-mismatch', 'anchor-unreadable']) }),
    Type.Null(),
  ]),
  /** The highest entry witnessed in DATA_DIR/audit-anchors.jsonl, or null when none was. */
  anchoredThrough: Type.Union([Type.Integer(), Type.Null()]),
});
