import fp from 'fastify-plugin';
import { registerHealthRoutes } from './routes.ts';

/** GET /api/health: the status to anyone, the details (versions, workers, sockets, event-loop lag) to a session. */
export const healthPlugin = fp<{ version: string }>(
  async (app, o) => {
    registerHealthRoutes(app, { store: app.store, media: app.media, gateway: app.realtime, version: o.version, clock: app.clock });
  },
  { name: 'health', dependencies: ['store', 'media', 'realtime', 'auth'] },
);
