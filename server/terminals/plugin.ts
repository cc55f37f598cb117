import fp from 'fastify-plugin';
import { createTerminalHandlers } from './handlers.ts';
import { TerminalRegistry } from './TerminalRegistry.ts';

declare module 'fastify' {
  interface FastifyInstance {
    terminals: TerminalRegistry;
  }
}

/** Presence of field terminals (the only writer of `terminals`). */
export const terminalsPlugin = fp(
  async (app) => {
    const registry = new TerminalRegistry(app.store.db, app.clock);
    app.decorate('terminals', registry);
    app.realtime.onConnection(createTerminalHandlers(app.realtime.io, registry, () => app.courts, app.log));
  },
  { name: 'terminals', dependencies: ['store', 'courts', 'realtime'] },
);
