import fp from 'fastify-plugin';
import { createMediaHandlers } from './handlers.ts';
import { PeriodicTask } from '../periodic.ts';
import { MediaService } from './MediaService.ts';

const IDLE_SWEEP_MS = 5 * 60_000;

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
    // Rooms idle for two sweeps in a row close (their routers with them).
    const sweep = new PeriodicTask({ clock: app.clock, logger: app.log, everyMs: IDLE_SWEEP_MS, run: () => media.sweepIdle(), what: '空闲媒体房间清理失败 / idle media rooms not closed' }).start();
    app.addHook('onClose', async () => {
      await sweep.close();
      await media.close();
    });
    const deps = { media, courts: () => app.courts, teams: app.teams, actions: app.actions, clock: app.clock };
    app.realtime.onConnection(createMediaHandlers(app.realtime.io, deps, app.log));
  },
  { name: 'media', dependencies: ['courts', 'realtime', 'teams', 'actions'] },
);
