import fp from 'fastify-plugin';
import { registerAuthHooks } from '../http/index.ts';
import { AuthService } from './AuthService.ts';
import { registerAuthRoutes } from './routes.ts';

declare module 'fastify' {
  interface FastifyInstance {
    auth: AuthService;
  }
}

/** Users and sessions (the only writer of `users` and `sessions`): login, logout, every request authenticated once. */
export const authPlugin = fp(
  async (app) => {
    const auth = new AuthService(app.store.db, app.settings.auth, app.clock);
    app.decorate('auth', auth);
    registerAuthHooks(app, auth);
    registerAuthRoutes(app, { auth, courts: () => app.courts });
  },
  { name: 'auth', dependencies: ['store', 'courts', 'audit'] },
);
