import { Type, type Static } from 'typebox';
import { Id } from './common.ts';
import { ActionKind, ActionStatus, RiskColour } from './domain.ts';

// The plan (预案) of an enforcement action: what it is for, how risky and why, which team does what,
// the legal documents it rests on, what to do if things go wrong, and the geofence. Saved as numbered
// versions while the action is planned; the version in force when it starts is frozen with it.

const IsoTime = Type.String({ format: 'date-time' });
/** Text a person types: at least one character that is not a space. */
const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength, pattern: '\\S' });

/** A team's role in the action (主攻 assault, 警戒 cordon, 取证 evidence, 医疗 medical, 劝导 negotiation, 保障 support, 指挥 command). */
export const PLAN_ROLES = ['assault', 'cordon', 'evidence', 'medical', 'negotiation', 'support', 'command'] as const;
export const PlanRole = Type.Enum(PLAN_ROLES);
export type PlanRole = Static<typeof PlanRole>;

/** The geofence's bounds (m): arrival and departure are reported when a team crosses the circle. */
export const SITE_RADIUS_MIN_M = 20;
export const SITE_RADIUS_MAX_M = 5_000;

/** One team of the plan: its role and task. */
export const PlanTeam = Type.Object(
  { teamId: Id, role: PlanRole, task: Type.Optional(Type.String({ maxLength: 500 })) },
  { additionalProperties: false },
);
export type PlanTeam = Static<typeof PlanTeam>;

/** A legal document the action rests on: its name (执行裁定书, 搜查令, 协助执行通知书 …) and number. */
export const PlanDocument = Type.Object({ name: Text(60), number: Text(100) }, { additionalProperties: false });
export type PlanDocument = Static<typeof PlanDocument>;

/** A contingency (应急处置): what may happen and what is done then. */
export const PlanContingency = Type.Object({ risk: Text(200), response: Text(1000) }, { additionalProperties: false });
export type PlanContingency = Static<typeof PlanContingency>;

/** What a version of the plan holds. */
export const ActionPlanContent = Type.Object(
  {
    objective: Text(2000),
    kind: ActionKind,
    riskColour: RiskColour,
    /** Why that colour (the colour must be explainable). */
    riskReasons: Type.Array(Text(200), { maxItems: 20 }),
    teams: Type.Array(PlanTeam, { maxItems: 20 }),
    documents: Type.Array(PlanDocument, { maxItems: 30 }),
    contingencies: Type.Array(PlanContingency, { maxItems: 30 }),
    /** The geofence around the action's site (its lng, lat). */
    siteRadiusM: Type.Integer({ minimum: SITE_RADIUS_MIN_M, maximum: SITE_RADIUS_MAX_M }),
  },
  { additionalProperties: false },
);
export type ActionPlanContent = Static<typeof ActionPlanContent>;

/**
 * `action:plan:save`: a new version of the plan. `baseVersion` is the version the editor started
 * from (0: there was none): a plan saved by someone else meanwhile is refused, not overwritten.
 */
export const SaveActionPlan = Type.Object(
  { actionId: Id, baseVersion: Type.Integer({ minimum: 0 }), content: ActionPlanContent },
  { additionalProperties: false },
);
export type SaveActionPlan = Static<typeof SaveActionPlan>;

/** One saved version: who saved it and when. */
export const PlanVersionInfo = Type.Object(
  { version: Type.Integer({ minimum: 1 }), authorName: Type.String(), savedAt: IsoTime },
  { additionalProperties: false },
);
export type PlanVersionInfo = Static<typeof PlanVersionInfo>;

/** A version of the plan with its content; a plan team is cut away for a court that may not see that team. */
export const ActionPlanVersion = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    authorName: Type.String(),
    savedAt: IsoTime,
    content: ActionPlanContent,
    /** Names of the plan's teams, by id. */
    teamNames: Type.Record(Type.String(), Type.String()),
  },
  { additionalProperties: false },
);
export type ActionPlanVersion = Static<typeof ActionPlanVersion>;

/** What the action already says, to start a first version from. */
export const ActionPlanDraft = Type.Object(
  { kind: ActionKind, riskColour: RiskColour, riskReasons: Type.Array(Type.String()), siteRadiusM: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);
export type ActionPlanDraft = Static<typeof ActionPlanDraft>;

/**
 * GET /api/actions/:id/plan (and the `action:plan:save` answer): the version asked for (default the
 * latest), every version, the version frozen at the start (null before), and whether it may still
 * be edited (planned, and the caller a dispatcher or leader).
 */
export const ActionPlanAnswer = Type.Object(
  {
    actionId: Id,
    status: ActionStatus,
    /** The version in force when the action started; null while planned (or started without a plan). */
    frozenVersion: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]),
    frozen: Type.Boolean(),
    editable: Type.Boolean(),
    /** The version shown: the one asked for, else the latest; null when none was saved. */
    plan: Type.Union([ActionPlanVersion, Type.Null()]),
    versions: Type.Array(PlanVersionInfo),
    /** What a first version starts from when none was saved: the action's kind, risk and radius. */
    draft: ActionPlanDraft,
  },
  { additionalProperties: false },
);
export type ActionPlanAnswer = Static<typeof ActionPlanAnswer>;

/** GET /api/actions/:id/plan query: `version` reads an older one. */
export const PlanQuery = Type.Object({ version: Type.Optional(Type.Integer({ minimum: 1 })) }, { additionalProperties: false });
export type PlanQuery = Static<typeof PlanQuery>;
