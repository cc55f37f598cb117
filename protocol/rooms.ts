/** Socket.IO room names, built only here so no code spells `'case:' + id` by hand. */
export const rooms = {
  /** One field terminal, across its reconnects (its own socket ids change). */
  terminal: (terminalId: string) => `terminal:${terminalId}` as const,
  /** Every socket of one login session (its id is the token's hash): logout disconnects them all. */
  session: (sessionId: string) => `session:${sessionId}` as const,
  /** Consoles allowed dispatch:read at one court; instructions and warnings go to a team's court room and every ancestor's. */
  court: (courtId: string) => `court:${courtId}` as const,
  /** Field terminals of a team's officers (team_members.user_id). */
  team: (teamId: string) => `team:${teamId}` as const,
  /** Every socket of one user (escalations to a team's leader). */
  user: (userId: string) => `user:${userId}` as const,
  /** Consoles signed in at one court; a team's positions go to its court's room and every ancestor's. */
  courtConsoles: (courtId: string) => `court-consoles:${courtId}` as const,
};
