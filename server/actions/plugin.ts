import fp from 'fastify-plugin';
import { ActionService } from './ActionService.ts';
import { createActionHandlers } from './handlers.ts';
import { registerActionRoutes } from './routes.ts';

declare module 'fastify' {
  interface FastifyInstance {
    actions: ActionService;
  }
}

/** Enforcement actions (the only writer of `actions` and `action_teams`): teams, status, who follows live, GET /api/actions/:id/track. */
export const actionsPlugin = fp(
  async (app) => {
    const actions = new ActionService({ db: app.store.db, courts: () => app.courts, teams: app.teams, clock: app.clock });
    app.decorate('actions', actions);
    // A team's live status is the positions feature's once a terminal attached; until then the stored one.
    const teamState = (teamId: string) => app.positions.state(teamId);
    app.realtime.onConnection(createActionHandlers(app.realtime.io, { actions, teams: app.teams, courts: () => app.courts, teamState }, app.log));
    registerActionRoutes(app, { actions, history: app.teamHistory, clock: app.clock });
  },
  { name: 'actions', dependencies: ['teams', 'positions', 'realtime'] },
);
