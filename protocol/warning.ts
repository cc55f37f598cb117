import { Type, type Static } from 'typebox';
import { Id } from './common.ts';
import { ClientKey, UserRef } from './instruction.ts';

// Warnings (执行预警): raised by the server or the field, shown on every console whose court may see
// them, acknowledged by a person. Kinds arrive with their features (overdue nodes, seizures expiring…).

const IsoTime = Type.String({ format: 'date-time' });

/**
 * What raised the warning: an SOS from the field, an instruction nobody signed for in time, a team
 * on duty whose terminals went silent (失联; critical during an ongoing action: 行动中设备离线), the
 * disk holding the evidence recordings running low (录像存储空间不足).
 */
export const WARNING_KINDS = ['sos', 'instruction-unacked', 'team-lost', 'disk-low'] as const;
export const WarningKind = Type.Enum(WARNING_KINDS);
export type WarningKind = Static<typeof WarningKind>;

/** Most severe first. An SOS is always critical. */
export const WARNING_LEVELS = ['critical', 'high', 'normal'] as const;
export const WarningLevel = Type.Enum(WARNING_LEVELS);
export type WarningLevel = Static<typeof WarningLevel>;

/** A WGS-84 position (GPS), as the field reports it. */
export const LngLat = Type.Object(
  { lng: Type.Number({ minimum: -180, maximum: 180 }), lat: Type.Number({ minimum: -90, maximum: 90 }) },
  { additionalProperties: false },
);
export type LngLat = Static<typeof LngLat>;

/** A warning as consoles list it. */
export const Warning = Type.Object(
  {
    id: Id,
    /** The court it belongs to (the team's court): consoles of this court and every court above it see it. */
    courtId: Id,
    teamId: Type.Union([Id, Type.Null()]),
    instructionId: Type.Union([Id, Type.Null()]),
    kind: WarningKind,
    level: WarningLevel,
    /** zh-CN, ready to show. */
    text: Type.String(),
    raisedAt: IsoTime,
    /** The officer who pressed SOS; null when the server raised it. */
    raisedBy: Type.Union([UserRef, Type.Null()]),
    position: Type.Union([LngLat, Type.Null()]),
    acknowledgedAt: Type.Union([IsoTime, Type.Null()]),
    acknowledgedBy: Type.Union([UserRef, Type.Null()]),
  },
  { additionalProperties: false },
);
export type Warning = Static<typeof Warning>;

/** `warning:list`: newest first; `open` keeps only the unacknowledged ones. */
export const ListWarnings = Type.Object(
  {
    open: Type.Optional(Type.Boolean()),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
    before: Type.Optional(IsoTime),
  },
  { additionalProperties: false },
);
export type ListWarnings = Static<typeof ListWarnings>;

/** `warning:ack` */
export const AcknowledgeWarning = Type.Object({ warningId: Id }, { additionalProperties: false });
export type AcknowledgeWarning = Static<typeof AcknowledgeWarning>;

/**
 * `sos:raise` from a field terminal. `clientKey` makes a resend (the first ack was lost) one warning;
 * `teamId` names the team when the officer belongs to several.
 */
export const RaiseSos = Type.Object(
  {
    clientKey: ClientKey,
    teamId: Type.Optional(Id),
    text: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    position: Type.Optional(LngLat),
  },
  { additionalProperties: false },
);
export type RaiseSos = Static<typeof RaiseSos>;

/** The answer to `sos:raise`. */
export interface SosResult {
  warningId: string;
  duplicate: boolean;
}
