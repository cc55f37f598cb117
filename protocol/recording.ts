import { Type, type Static } from 'typebox';
import { Id } from './common.ts';

// Evidence recordings (执行过程记录): every feed of an ongoing action is recorded by the server in
// segments; each closed segment's SHA-256 is in the store and the audit chain. Consoles list an
// action's recordings, play them (HTTP Range) and re-verify a hash; every playback is audited.

const IsoTime = Type.String({ format: 'date-time' });
const Sha256 = Type.String({ pattern: '^[0-9a-f]{64}$' });

/** 录制中 while its segment is being written; 已封存 once closed, hashed and locked. */
export const RECORDING_STATES = ['recording', 'sealed'] as const;
export const RecordingState = Type.Enum(RECORDING_STATES);
export type RecordingState = Static<typeof RecordingState>;

/** One segment file of one feed of an action. */
export const RecordingView = Type.Object(
  {
    id: Id,
    actionId: Id,
    caseId: Id,
    caseNumber: Type.String(),
    teamId: Type.Union([Id, Type.Null()]),
    teamName: Type.Union([Type.String(), Type.Null()]),
    terminalId: Id,
    userId: Id,
    /** The officer publishing, as named when recorded. */
    officer: Type.String(),
    feedId: Id,
    kind: Type.Enum(['audio', 'video']),
    state: RecordingState,
    startedAt: IsoTime,
    endedAt: Type.Union([IsoTime, Type.Null()]),
    /** File size once sealed. */
    bytes: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]),
    /** SHA-256 of the file (hex) once sealed; the same value is in the audit entry recording.seal. */
    sha256: Type.Union([Sha256, Type.Null()]),
    /** Action recordings are always locked: never deleted to make room. */
    locked: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type RecordingView = Static<typeof RecordingView>;

/** A span when a feed of the action went unrecorded (its recorder died or could not start). */
export const RecordingGap = Type.Object(
  {
    id: Id,
    teamId: Type.Union([Id, Type.Null()]),
    terminalId: Id,
    feedId: Id,
    kind: Type.Enum(['audio', 'video']),
    from: IsoTime,
    to: IsoTime,
    reason: Type.String(),
  },
  { additionalProperties: false },
);
export type RecordingGap = Static<typeof RecordingGap>;

/** GET /api/actions/:id/recordings: oldest first. */
export const ActionRecordingsAnswer = Type.Object(
  { actionId: Id, recordings: Type.Array(RecordingView), gaps: Type.Array(RecordingGap) },
  { additionalProperties: false },
);
export type ActionRecordingsAnswer = Static<typeof ActionRecordingsAnswer>;

/** GET /api/recordings/:id/media: `download=1` answers it as an attachment. */
export const RecordingMediaQuery = Type.Object({ download: Type.Optional(Type.Enum(['0', '1'])) }, { additionalProperties: false });
export type RecordingMediaQuery = Static<typeof RecordingMediaQuery>;

/** POST /api/recordings/:id/verify: the file hashed again and compared with the sealed hash. */
export const RecordingVerifyAnswer = Type.Object(
  {
    id: Id,
    /** True when the file's SHA-256 now equals the sealed one (校验通过), false otherwise (哈希不符, or the file is gone). */
    match: Type.Boolean(),
    sha256: Sha256,
    /** The file's hash now; null when the file is missing. */
    actual: Type.Union([Sha256, Type.Null()]),
    bytes: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]),
    checkedAt: IsoTime,
  },
  { additionalProperties: false },
);
export type RecordingVerifyAnswer = Static<typeof RecordingVerifyAnswer>;
