import { Type, type Static } from 'typebox';
import { Id, Label } from './common.ts';

/** Which client a socket belongs to. */
export const ClientKind = Type.Enum(['console', 'field']);
export type ClientKind = Static<typeof ClientKind>;

/**
 * What a client sends in the Socket.IO handshake (`io(url, { auth })`).
 * The walking skeleton has no accounts yet: the login issue adds a session token here.
 */
export const HandshakeAuth = Type.Object(
  {
    client: ClientKind,
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
    connectedAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
);
export type TerminalInfo = Static<typeof TerminalInfo>;
