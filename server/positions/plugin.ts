import fp from 'fastify-plugin';
import { rooms } from '../../protocol/rooms.ts';
import { createPositionHandlers } from './handlers.ts';
import { PositionHub } from './PositionHub.ts';

declare module 'fastify' {
  interface FastifyInstance {
    positions: PositionHub;
  }
}

/**
 * Team positions live: batched frames to the consoles that may see each team, last positions written
 * through the teams feature, and a silent team on duty turned lost ('lost': the warnings feature stores it).
 */
export const positionsPlugin = fp(
  async (app) => {
    const { io } = app.realtime;
    const positions = new PositionHub({
      teams: app.teams,
      history: app.teamHistory,
      courts: () => app.courts,
      config: app.settings.positions,
      logger: app.log,
      clock: app.clock,
      isWatched: (courtId) => (io.sockets.adapter.rooms.get(rooms.court(courtId))?.size ?? 0) > 0,
    });
    app.decorate('positions', positions);
    app.realtime.onConnection(createPositionHandlers(io, positions, app.log));
    positions.start();
    app.addHook('onClose', async () => positions.close());
  },
  { name: 'positions', dependencies: ['teams', 'realtime'] },
);
