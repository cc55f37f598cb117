import fp from 'fastify-plugin';
import { createWarningHandlers } from './handlers.ts';
import { WarningService } from './WarningService.ts';

declare module 'fastify' {
  interface FastifyInstance {
    warnings: WarningService;
  }
}

/** Warnings (执行预警; the only writer of `warnings`): SOS, unsigned instructions, lost teams; listed and 确认 on consoles. */
export const warningsPlugin = fp(
  async (app) => {
    const warnings = new WarningService({
      db: app.store.db,
      courts: () => app.courts,
      teams: app.teams,
      ongoingActionOf: (teamId) => app.actions.ongoingForTeam(teamId),
      clock: app.clock,
    });
    app.decorate('warnings', warnings);
    app.realtime.onConnection(createWarningHandlers(app.realtime.io, warnings, () => app.courts, app.log));
    // A silent team on duty is a stored warning, not only a console banner.
    app.positions.on('lost', (lost) => {
      warnings.raiseTeamLost(lost).catch((err: unknown) => app.log.error({ err, teamId: lost.teamId }, 'team-lost warning not recorded'));
    });
  },
  { name: 'warnings', dependencies: ['teams', 'actions', 'positions', 'realtime'] },
);
