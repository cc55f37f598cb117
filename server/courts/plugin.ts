import fp from 'fastify-plugin';
import { CourtTree } from './CourtTree.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** The court tree (法院层级), loaded once at start. */
    courts: CourtTree;
  }
}

/** The courts: read-only at run time (the demo seed or an import writes them). */
export const courtsPlugin = fp(
  async (app) => {
    app.decorate('courts', await CourtTree.load(app.store.db));
  },
  { name: 'courts', dependencies: ['store', 'first-start'] },
);
