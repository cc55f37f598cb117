import { Type, type Static } from 'typebox';
import { Id } from './common.ts';

// Instructions (执行指令): from a console to one or more field teams, tracked per team from issue to
// feedback (执行指令全过程线上交办与反馈). Schemas of what clients send, and the views the server sends.

const IsoTime = Type.String({ format: 'date-time' });

/** How urgent an instruction is; consoles and terminals sort and colour by it. */
export const INSTRUCTION_PRIORITIES = ['normal', 'urgent', 'critical'] as const;
export const InstructionPriority = Type.Enum(INSTRUCTION_PRIORITIES);
export type InstructionPriority = Static<typeof InstructionPriority>;

/**
 * The state of an instruction for one team: issued → delivered (the terminal has it) → acknowledged
 * (签收) → done (反馈 with text, optionally a photo); or refused (拒收, with a reason) or expired
 * (never signed for within config dispatch.expireAfterMinutes). done, refused and expired are final.
 */
export const INSTRUCTION_STATES = ['issued', 'delivered', 'acknowledged', 'done', 'refused', 'expired'] as const;
export const InstructionState = Type.Enum(INSTRUCTION_STATES);
export type InstructionState = Static<typeof InstructionState>;

/** A key of config dispatch.templates (立即前往 = go_now …); the server refuses keys it does not know. */
export const TemplateKey = Type.String({ pattern: '^[a-z][a-z0-9_]{0,31}$' });

/** Idempotency key chosen by the client (a UUID): the same user issuing the same key gets one instruction. */
export const ClientKey = Type.String({ minLength: 8, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' });

/**
 * `instruction:issue`: exactly one of `template` and `text`; the teams named by `teamIds`, or, when
 * it is left out, every team assigned to `actionId` (one click on an action).
 */
export const IssueInstruction = Type.Object(
  {
    clientKey: ClientKey,
    teamIds: Type.Optional(Type.Array(Id, { minItems: 1, maxItems: 50, uniqueItems: true })),
    template: Type.Optional(TemplateKey),
    text: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
    priority: InstructionPriority,
    caseId: Type.Optional(Id),
    actionId: Type.Optional(Id),
  },
  { additionalProperties: false },
);
export type IssueInstruction = Static<typeof IssueInstruction>;

/** The answer to `instruction:issue`: `duplicate` when the clientKey was already used by this user. */
export interface IssueResult {
  instructionId: string;
  duplicate: boolean;
}

/**
 * `instruction:delivered` and `instruction:ack` (签收). `teamId` narrows to one team when the officer
 * belongs to several teams the instruction targets; without it the step applies to all of them.
 */
export const InstructionStep = Type.Object(
  { instructionId: Id, teamId: Type.Optional(Id) },
  { additionalProperties: false },
);
export type InstructionStep = Static<typeof InstructionStep>;

/** A JPEG or PNG photo as a data: URL. 600 KB of image is 819,200 base64 characters. */
export const PHOTO_MAX_BYTES = 600 * 1024;
export const PhotoDataUrl = Type.String({
  maxLength: 'data:image/jpeg;base64,'.length + Math.ceil(PHOTO_MAX_BYTES / 3) * 4,
  pattern: '^data:image/(jpeg|png);base64,[A-Za-z0-9+/]+={0,2}$',
});

/** `instruction:feedback` (反馈): ends the instruction as done for the officer's team. */
export const InstructionFeedback = Type.Object(
  {
    instructionId: Id,
    teamId: Type.Optional(Id),
    text: Type.String({ minLength: 1, maxLength: 2000 }),
    photo: Type.Optional(PhotoDataUrl),
  },
  { additionalProperties: false },
);
export type InstructionFeedback = Static<typeof InstructionFeedback>;

/** `instruction:refuse` (拒收), with the reason the console will read. */
export const RefuseInstruction = Type.Object(
  { instructionId: Id, teamId: Type.Optional(Id), reason: Type.String({ minLength: 1, maxLength: 500 }) },
  { additionalProperties: false },
);
export type RefuseInstruction = Static<typeof RefuseInstruction>;

/** `instruction:list`: a console's recent instructions (newest first), or a terminal's open ones (oldest first). */
export const ListInstructions = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
    /** Consoles page back with the issuedAt of the last item they hold. */
    before: Type.Optional(IsoTime),
    /** Terminals page on with the id of the last item they hold. */
    after: Type.Optional(Id),
  },
  { additionalProperties: false },
);
export type ListInstructions = Static<typeof ListInstructions>;

/** `instruction:photo`: the feedback photo of one team, fetched on demand (views only say hasPhoto). */
export const InstructionPhotoRequest = Type.Object({ instructionId: Id, teamId: Id }, { additionalProperties: false });
export type InstructionPhotoRequest = Static<typeof InstructionPhotoRequest>;

/** A person as screens name them. */
export const UserRef = Type.Object({ id: Id, name: Type.String() }, { additionalProperties: false });
export type UserRef = Static<typeof UserRef>;

/** One team's side of an instruction, with the time of each step. */
export const InstructionTarget = Type.Object(
  {
    teamId: Id,
    teamName: Type.String(),
    courtId: Id,
    state: InstructionState,
    deliveredAt: Type.Union([IsoTime, Type.Null()]),
    acknowledgedAt: Type.Union([IsoTime, Type.Null()]),
    acknowledgedBy: Type.Union([UserRef, Type.Null()]),
    /** When it became done, refused or expired. */
    finishedAt: Type.Union([IsoTime, Type.Null()]),
    finishedBy: Type.Union([UserRef, Type.Null()]),
    feedback: Type.Union([Type.Object({ text: Type.String(), hasPhoto: Type.Boolean() }, { additionalProperties: false }), Type.Null()]),
    refuseReason: Type.Union([Type.String(), Type.Null()]),
    /** When the missing 签收 raised a warning and was escalated to the team's leader. */
    escalatedAt: Type.Union([IsoTime, Type.Null()]),
  },
  { additionalProperties: false },
);
export type InstructionTarget = Static<typeof InstructionTarget>;

/**
 * An instruction as a client sees it. `targets` holds only the teams the receiver may see: a console
 * those of its court's branch, a terminal its own team.
 */
export const InstructionView = Type.Object(
  {
    id: Id,
    text: Type.String(),
    template: Type.Union([TemplateKey, Type.Null()]),
    priority: InstructionPriority,
    issuedAt: IsoTime,
    issuedBy: UserRef,
    /** The issuer's court. */
    courtId: Id,
    caseId: Type.Union([Id, Type.Null()]),
    actionId: Type.Union([Id, Type.Null()]),
    targets: Type.Array(InstructionTarget),
  },
  { additionalProperties: false },
);
export type InstructionView = Static<typeof InstructionView>;

/** One one-click template, as `instruction:templates` lists them. */
export interface InstructionTemplate {
  key: string;
  text: string;
}
