import { Type, type Static } from 'typebox';
import { Id, Label } from './common.ts';

/** Which client a socket belongs to. */
export const ClientKind = Type.Enum(['console', 'field']);
export type ClientKind = Static<typeof ClientKind>;

/**
 * What a client sends in the Socket.IO handshake (`io(url, { auth })`). Browsers are authenticated
 * by their session cookie, which the handshake request carries; other clients send the token here.
 */
export const HandshakeAuth = Type.Object(
  {
    client: ClientKind,
    /** Session token from POST /api/auth/login, for clients without the cookie (4G units, tools). */
    token: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
    /** A field terminal's stable id (kept in the device's storage) so reconnects are the same terminal. */
    terminalId: Type.Optional(Id),
    label: Type.Optional(Label),
  },
  { additionalProperties: false },
);
export type HandshakeAuth = Static<typeof HandshakeAuth>;

/** A field terminal (phone, body cam, 4G unit) currently connected. */
export const TerminalInfo = Type.Object(
  {
    terminalId: Id,
    label: Label,
    /** The court of the officer signed in on it: consoles see terminals of their court's branch only. */
    courtId: Id,
    connectedAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
);
export type TerminalInfo = Static<typeof TerminalInfo>;
