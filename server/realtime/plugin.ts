import fp from 'fastify-plugin';
import { rooms } from '../../protocol/rooms.ts';
import { Gateway } from './gateway.ts';
import { joinBaseRooms } from './memberships.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** The Socket.IO gateway: features add their connection set-up with `realtime.onConnection()`. */
    realtime: Gateway;
  }
}

/**
 * The socket gateway: origin and session checked once per handshake, one Connection per socket, the
 * base rooms joined before any feature's set-up. Clients are dropped first on shutdown (preClose), so
 * no handler runs on a closing store.
 */
export const realtimePlugin = fp(
  async (app) => {
    const gateway = new Gateway(app.server, {
      trustedOrigins: app.settings.server.trustedOrigins,
      logger: app.log,
      clock: app.clock,
      authenticate: (token) => app.auth.authenticate(token),
    });
    app.decorate('realtime', gateway);
    gateway.onConnection(joinBaseRooms);
    // Logout: every socket of the session goes with it.
    app.auth.on('session-ended', (sessionId) => gateway.io.in(rooms.session(sessionId)).disconnectSockets(true));
    app.addHook('preClose', async () => gateway.close());
  },
  { name: 'realtime', dependencies: ['auth'] },
);
