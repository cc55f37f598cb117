/** Socket.IO room names, built only here so no code spells `'case:' + id` by hand. */
export const rooms = {
  /** Every socket of one login session (its id is the token's hash): logout disconnects them all. */
  session: (sessionId: string) => `session:${sessionId}` as const,
  /**
   * Consoles of command roles (dispatch:read) signed in at one court. News about a team (positions,
   * presence, feeds, instructions, warnings) goes to the room of the team's court and every ancestor's.
   */
  court: (courtId: string) => `court:${courtId}` as const,
  /** Field terminals of a team's officers (team_members.user_id). */
  team: (teamId: string) => `team:${teamId}` as const,
  /** Every socket of one user (escalations to a team's leader). */
  user: (userId: string) => `user:${userId}` as const,
  /** One enforcement action: the terminals of its assigned teams and the consoles following it live. */
  action: (actionId: string) => `action:${actionId}` as const,
};
