import { Type, type Static } from 'typebox';
import { Id } from './common.ts';
import { Role } from './domain.ts';
import { ClientKey, PhotoDataUrl } from './instruction.ts';

// Action chat (一案一群): text and photos among the teams of one enforcement action and the consoles
// following it. Stored, audited, and delivered at least once: every message has an id the server
// assigns in commit order, so a client that keeps the last id it saw and asks `chat:list { after }`
// on every session:ready misses nothing; duplicates are dropped by id.

const IsoTime = Type.String({ format: 'date-time' });

/** Longest message text, in UTF-16 code units (as every text bound of the protocol). */
export const CHAT_TEXT_MAX = 2000;
/** Most messages one `chat:list` answers. */
export const CHAT_PAGE_MAX = 200;
/** What `chat:list` answers without `limit`. */
export const CHAT_PAGE_DEFAULT = 100;

/**
 * The roles that post (permission chat:post): the officers of the action's teams and the consoles
 * that command. Operators and supervisors read (dispatch:read) but do not post.
 */
export const CHAT_POST_ROLES = ['dispatcher', 'leader', 'field_officer'] as const satisfies readonly Role[];

/** A message's id: a positive integer; a message committed later always has a larger one. */
export const ChatMessageId = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });

/**
 * `chat:send`: text, a photo (a JPEG or PNG data: URL of at most 600 KB, as feedback photos), or
 * both. Idempotent per sender and `clientKey`: a resend answers the message stored the first time.
 */
export const SendChat = Type.Object(
  {
    actionId: Id,
    clientKey: ClientKey,
    text: Type.Optional(Type.String({ minLength: 1, maxLength: CHAT_TEXT_MAX })),
    photo: Type.Optional(PhotoDataUrl),
  },
  { additionalProperties: false },
);
export type SendChat = Static<typeof SendChat>;

/** `chat:list`: the action's messages with ids above `after` (0 or absent: from the first), oldest first. */
export const ListChat = Type.Object(
  {
    actionId: Id,
    after: Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: CHAT_PAGE_MAX })),
  },
  { additionalProperties: false },
);
export type ListChat = Static<typeof ListChat>;

/** `chat:photo`: the photo of one message, fetched on demand (messages only say `hasPhoto`). */
export const ChatPhotoRequest = Type.Object({ messageId: ChatMessageId }, { additionalProperties: false });
export type ChatPhotoRequest = Static<typeof ChatPhotoRequest>;

/**
 * Who wrote a message: a field officer with the team they are on the action with, or a console
 * user (team null). `teamId`/`teamName` are also null for a receiver whose court may not see the
 * team's court (a team lent by another branch), as ActionView leaves such teams out.
 */
export const ChatSender = Type.Object(
  {
    userId: Id,
    name: Type.String(),
    role: Role,
    courtId: Id,
    courtName: Type.String(),
    teamId: Type.Union([Id, Type.Null()]),
    teamName: Type.Union([Type.String(), Type.Null()]),
  },
  { additionalProperties: false },
);
export type ChatSender = Static<typeof ChatSender>;

/** One stored message, as every client receives it. */
export const ChatMessage = Type.Object(
  {
    id: ChatMessageId,
    actionId: Id,
    sentAt: IsoTime,
    sender: ChatSender,
    text: Type.Union([Type.String(), Type.Null()]),
    hasPhoto: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type ChatMessage = Static<typeof ChatMessage>;
