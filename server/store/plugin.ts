import fp from 'fastify-plugin';
import { Store } from './Store.ts';

declare module 'fastify' {
  interface FastifyInstance {
    store: Store;
  }
}

/** The database: opened and migrated at start, closed last (after every feature that writes to it). */
export const storePlugin = fp(
  async (app) => {
    const { dataDir, databaseUrl } = app.settings;
    const store = await Store.open({ dataDir, databaseUrl: databaseUrl ?? undefined });
    app.decorate('store', store);
    app.addHook('onClose', async () => store.close());
  },
  { name: 'store', dependencies: ['core'] },
);
