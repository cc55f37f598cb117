import fp from 'fastify-plugin';
import { createDispatchHandlers } from './handlers.ts';
import { InstructionQueries } from './InstructionQueries.ts';
import { InstructionService } from './InstructionService.ts';

declare module 'fastify' {
  interface FastifyInstance {
    instructions: InstructionService;
    instructionQueries: InstructionQueries;
  }
}

/**
 * Instructions (执行指令; the only writer of `instructions`, `instruction_targets`,
 * `instruction_events`): issue, the terminal's steps, replay, and the sweep that expires and escalates.
 */
export const dispatchPlugin = fp(
  async (app) => {
    const { clock } = app;
    const config = app.settings.dispatch;
    const courts = () => app.courts;
    const instructions = new InstructionService({
      db: app.store.db,
      courts,
      warnings: app.warnings,
      teams: app.teams,
      actions: app.actions,
      cases: app.cases,
      config,
      logger: app.log,
      clock,
      upperCourtsMayInstruct: app.settings.actions.upperCourtsMayInstruct,
    });
    const queries = new InstructionQueries({ db: app.store.db, courts, teams: app.teams, config, clock });
    app.decorate('instructions', instructions);
    app.decorate('instructionQueries', queries);
    app.realtime.onConnection(createDispatchHandlers(app.realtime.io, { instructions, queries, teams: app.teams, courts }, app.log));
    instructions.start();
    app.addHook('onClose', async () => instructions.close());
  },
  { name: 'dispatch', dependencies: ['warnings', 'teams', 'actions', 'cases', 'realtime'] },
);
