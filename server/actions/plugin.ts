import fp from 'fastify-plugin';
import { ActionPlans } from './ActionPlans.ts';
import { ActionService } from './ActionService.ts';
import { createActionHandlers } from './handlers.ts';
import { registerActionRoutes } from './routes.ts';

declare module 'fastify' {
  interface FastifyInstance {
    actions: ActionService;
    actionPlans: ActionPlans;
  }
}

/** Enforcement actions (the only writer of `actions`, `action_teams` and `action_plans`): teams, status, plans (预案), who follows live, GET /api/actions/:id/track and /plan. */
export const actionsPlugin = fp(
  async (app) => {
    const actions = new ActionService({ db: app.store.db, courts: () => app.courts, teams: app.teams, clock: app.clock });
    const plans = new ActionPlans({ db: app.store.db, courts: () => app.courts, teams: app.teams, clock: app.clock });
    app.decorate('actions', actions);
    app.decorate('actionPlans', plans);
    // A saved plan may change the kind and the geofence radius every ActionView shows.
    plans.on('saved', (actionId) => {
      actions.touch(actionId).catch((err: unknown) => app.log.error({ err, actionId }, 'action not announced after its plan was saved'));
    });
    // A team's live status is the positions feature's once a terminal attached; until then the stored one.
    const teamState = (teamId: string) => app.positions.state(teamId);
    app.realtime.onConnection(createActionHandlers(app.realtime.io, { actions, plans, teams: app.teams, courts: () => app.courts, teamState }, app.log));
    registerActionRoutes(app, { actions, plans, history: app.teamHistory, clock: app.clock });
  },
  { name: 'actions', dependencies: ['teams', 'positions', 'realtime'] },
);
