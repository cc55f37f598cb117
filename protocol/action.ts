import { Type, type Static } from 'typebox';
import { RiskReason } from './api.ts';
import { Id } from './common.ts';
import { ActionKind, ActionStatus, RiskColour, Role, TeamStatus } from './domain.ts';

// Enforcement actions (执行行动) on the sockets: the teams that carry one out, the consoles that
// follow it live (leaders watching, 现场实时连线), and its room (rooms.action) that joins them.

const IsoTime = Type.String({ format: 'date-time' });

/** A team assigned to an action, with its live status. */
export const ActionTeam = Type.Object(
  { teamId: Id, name: Type.String(), courtId: Id, status: TeamStatus },
  { additionalProperties: false },
);
export type ActionTeam = Static<typeof ActionTeam>;

/** Someone following the action from a console right now. */
export const ActionWatcher = Type.Object(
  { userId: Id, name: Type.String(), role: Role, courtId: Id },
  { additionalProperties: false },
);
export type ActionWatcher = Static<typeof ActionWatcher>;

/** An action as consoles and the field see it: the briefing (what, where, how risky) and who is on it. */
export const ActionView = Type.Object(
  {
    id: Id,
    caseId: Id,
    caseNumber: Type.String(),
    courtId: Id,
    courtName: Type.String(),
    kind: ActionKind,
    status: ActionStatus,
    plannedAt: IsoTime,
    riskColour: RiskColour,
    riskReasons: Type.Array(RiskReason),
    /** The case's place (WGS-84, as every position stored and on the wire; the console converts for a GCJ-02 map). */
    lng: Type.Number(),
    lat: Type.Number(),
    /** The geofence around (lng, lat), in metres: crossing it is an arrival or a departure (set in the plan). */
    siteRadiusM: Type.Integer({ minimum: 1 }),
    teams: Type.Array(ActionTeam),
    /** Consoles following it now, one entry per user. */
    watchers: Type.Array(ActionWatcher),
  },
  { additionalProperties: false },
);
export type ActionView = Static<typeof ActionView>;

/** `action:list` from a console: the open actions of its branch, ongoing first, then by planned time. */
export const ListActions = Type.Object(
  {
    /** Default: planned and ongoing. */
    status: Type.Optional(Type.Array(ActionStatus, { minItems: 1, maxItems: 4, uniqueItems: true })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  },
  { additionalProperties: false },
);
export type ListActions = Static<typeof ListActions>;

/** `action:follow` / `action:unfollow`: a console joins or leaves the action's room. */
export const FollowAction = Type.Object({ actionId: Id }, { additionalProperties: false });
export type FollowAction = Static<typeof FollowAction>;

/** `action:assign`: the teams that carry out the action, replacing the previous list (empty clears it). */
export const AssignActionTeams = Type.Object(
  { actionId: Id, teamIds: Type.Array(Id, { maxItems: 20, uniqueItems: true }) },
  { additionalProperties: false },
);
export type AssignActionTeams = Static<typeof AssignActionTeams>;

/** `action:status`: start (ongoing), finish, or cancel a planned action. */
export const SetActionStatus = Type.Object(
  { actionId: Id, status: Type.Enum(['ongoing', 'finished', 'cancelled']) },
  { additionalProperties: false },
);
export type SetActionStatus = Static<typeof SetActionStatus>;

/** A terminal's own team, as the server knows it. */
export const TerminalTeam = Type.Object(
  { id: Id, name: Type.String(), courtId: Id, courtName: Type.String(), status: TeamStatus, lost: Type.Boolean() },
  { additionalProperties: false },
);
export type TerminalTeam = Static<typeof TerminalTeam>;

/**
 * server → field terminal (`terminal:context`), on connect before 'session:ready' and again whenever
 * its team's actions change: the officer's teams and the open actions they are assigned to.
 */
export const TerminalContext = Type.Object(
  { teams: Type.Array(TerminalTeam), actions: Type.Array(ActionView) },
  { additionalProperties: false },
);
export type TerminalContext = Static<typeof TerminalContext>;
