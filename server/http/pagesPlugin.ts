import fp from 'fastify-plugin';
import { registerPages } from './pages.ts';

/** The two pages a person opens (/console, /field) and their hashed assets. */
export const pagesPlugin = fp<{ rendererDir: string }>(
  async (app, o) => {
    await registerPages(app, o.rendererDir);
  },
  { name: 'pages', dependencies: ['core'] },
);
