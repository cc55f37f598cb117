import fp from 'fastify-plugin';
import { createMediaHandlers } from './handlers.ts';
import { MediaService } from './MediaService.ts';

declare module 'fastify' {
  interface FastifyInstance {
    media: MediaService;
  }
}

/** The SFU: mediasoup workers started with the server and stopped with it; media rooms per court and per action; media signalling on the sockets. */
export const mediaPlugin = fp(
  async (app) => {
    const media = await MediaService.create(app.settings.media, app.log);
    app.decorate('media', media);
    app.addHook('onClose', async () => media.close());
    const deps = { media, courts: () => app.courts, teams: app.teams, actions: app.actions, clock: app.clock };
    app.realtime.onConnection(createMediaHandlers(app.realtime.io, deps, app.log));
  },
  { name: 'media', dependencies: ['courts', 'realtime', 'teams', 'actions'] },
);
