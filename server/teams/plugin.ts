import fp from 'fastify-plugin';
import { registerTeamRoutes } from './routes.ts';
import { TeamDirectory } from './TeamDirectory.ts';

declare module 'fastify' {
  interface FastifyInstance {
    teams: TeamDirectory;
  }
}

/** Teams (the only writer of `teams`, `team_members`, `devices`): memberships, status, last positions, GET /api/teams. */
export const teamsPlugin = fp(
  async (app) => {
    const teams = new TeamDirectory(app.store.db);
    app.decorate('teams', teams);
    registerTeamRoutes(app, { teams, courts: () => app.courts });
  },
  { name: 'teams', dependencies: ['store', 'courts', 'audit', 'auth'] },
);
