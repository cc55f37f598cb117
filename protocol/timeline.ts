import { Type, type Static } from 'typebox';
import { Id } from './common.ts';
import { ActionStatus } from './domain.ts';

// One timeline per enforcement action (作战室): everything that happened on it, read from the store,
// oldest first. Live additions come as `action:event`.

const IsoTime = Type.String({ format: 'date-time' });

/** What an entry is about. */
export const TIMELINE_KINDS = [
  'planned',
  'started',
  'finished',
  'cancelled',
  'team_assigned',
  'team_released',
  'plan_saved',
  'arrived',
  'departed',
  'instruction_issued',
  'instruction_step',
  'warning_raised',
  'warning_acknowledged',
  'feed_on',
  'feed_off',
  'recording_started',
  'recording_sealed',
  'recording_gap',
  'watch_join',
  'watch_leave',
] as const;
export const TimelineKind = Type.Enum(TIMELINE_KINDS);
export type TimelineKind = Static<typeof TimelineKind>;

/** What an entry points at, for a click through (the instruction, the warning, the segment …). */
export const TimelineRefs = Type.Object(
  {
    instructionId: Type.Optional(Id),
    warningId: Type.Optional(Id),
    recordingId: Type.Optional(Id),
    feedId: Type.Optional(Id),
    planVersion: Type.Optional(Type.Integer({ minimum: 1 })),
    sha256: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export type TimelineRefs = Static<typeof TimelineRefs>;

/** One thing that happened. `text` is zh-CN, ready to show; `actor` is who did it (null: the system). */
export const TimelineEntry = Type.Object(
  {
    /** Stable across reads (its source and row), so a live entry and a re-read one are the same. */
    id: Type.String(),
    at: IsoTime,
    kind: TimelineKind,
    actor: Type.Union([Type.Object({ userId: Type.Union([Id, Type.Null()]), name: Type.String() }, { additionalProperties: false }), Type.Null()]),
    team: Type.Union([Type.Object({ id: Id, name: Type.String() }, { additionalProperties: false }), Type.Null()]),
    text: Type.String(),
    refs: TimelineRefs,
  },
  { additionalProperties: false },
);
export type TimelineEntry = Static<typeof TimelineEntry>;

/** GET /api/actions/:id/timeline. */
export const ActionTimelineAnswer = Type.Object(
  {
    actionId: Id,
    status: ActionStatus,
    entries: Type.Array(TimelineEntry),
    /** More than MAX_TIMELINE_ENTRIES happened: the earliest are given. */
    truncated: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type ActionTimelineAnswer = Static<typeof ActionTimelineAnswer>;

/** The most entries one timeline answer holds. */
export const MAX_TIMELINE_ENTRIES = 5_000;

/**
 * server → consoles of the action's court and above (and, for an arrival or departure, the team's
 * own terminals): something was added to an action's timeline (arrived, departed, a feed on or
 * off, a watcher joined or left, a plan version saved).
 */
export interface ActionEventMessage {
  actionId: string;
  entry: TimelineEntry;
}
