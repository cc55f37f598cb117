import fp from 'fastify-plugin';
import { registerTeamRoutes } from './routes.ts';
import { TeamDirectory } from './TeamDirectory.ts';
import { TrackHistory } from './TrackHistory.ts';

declare module 'fastify' {
  interface FastifyInstance {
    teams: TeamDirectory;
    teamHistory: TrackHistory;
  }
}

/**
 * Teams (the only writer of `teams`, `team_members`, `devices` and `team_positions`): memberships,
 * status, last positions, track history, GET /api/teams and GET /api/teams/:id/track.
 */
export const teamsPlugin = fp(
  async (app) => {
    const teams = new TeamDirectory(app.store.db);
    const history = new TrackHistory({ db: app.store.db, clock: app.clock, logger: app.log, historyDays: app.settings.positions.historyDays });
    app.decorate('teams', teams);
    app.decorate('teamHistory', history);
    registerTeamRoutes(app, { teams, history, courts: () => app.courts });
    history.start();
    // Closed after positions (plugins close in reverse order), so the last fixes it handed over are written.
    app.addHook('onClose', async () => history.close());
  },
  { name: 'teams', dependencies: ['store', 'courts', 'audit', 'auth'] },
);
