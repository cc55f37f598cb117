/**
 * Socket.IO room names, built only here so no code spells `'case:' + id` by hand.
 * The walking skeleton has one scope; court/team/action rooms arrive with auth and dispatch.
 */
export const rooms = {
  /** Every console socket: presence and feed announcements. */
  consoles: () => 'consoles' as const,
  /** One field terminal, across its reconnects (its own socket ids change). */
  terminal: (terminalId: string) => `terminal:${terminalId}` as const,
  /** Every socket of one login session (its id is the token's hash): logout disconnects them all. */
  session: (sessionId: string) => `session:${sessionId}` as const,
};
