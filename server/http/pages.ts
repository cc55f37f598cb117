import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import type { ErrorBody } from '../../protocol/errors.ts';

/** The two pages a person opens, each a Vite entry built into `rendererDir`. */
const PAGES = { '/console': 'console/index.html', '/field': 'field/index.html' } as const;

/** Vite's output folder for the pages' JS and CSS, every file name carrying a content hash. */
const ASSETS = 'assets';

/**
 * Serves the built renderer: /console and /field, revalidated on every load so a fixed console
 * reaches the browser at once, and their hashed assets under /assets, cached a year (a new build
 * renames them). Nothing else under `rendererDir` is served: /console/index.html would be a
 * second, unhashed URL of the page.
 */
export async function registerPages(app: FastifyInstance, rendererDir: string): Promise<void> {
  const built = existsSync(path.join(rendererDir, PAGES['/console']));
  if (built) {
    await app.register(fastifyStatic, {
      root: path.join(rendererDir, ASSETS),
      prefix: `/${ASSETS}/`,
      index: false,
      immutable: true,
      maxAge: '365d',
    });
  }
  for (const [route, file] of Object.entries(PAGES)) {
    app.get(route, async (_request, reply) => {
      if (!built) {
        return reply.status(503).send({
          code: 'ERR_INVALID_STATE',
          message: '界面尚未构建，请运行 npm run setup / renderer not built: run `npm run setup`',
        } satisfies ErrorBody);
      }
      // sendFile writes its own Cache-Control over ours unless told not to; ETag and Last-Modified stay,
      // so the revalidation is a cheap 304 while the page is unchanged.
      return reply.header('cache-control', 'no-cache').sendFile(file, rendererDir, { maxAge: 0, immutable: false, cacheControl: false });
    });
  }
  app.get('/', async (_request, reply) => reply.redirect('/console'));
  // Browsers ask for it on every page load; no icon is shipped, and a 404 would log an error in every console.
  app.get('/favicon.ico', async (_request, reply) => reply.header('cache-control', 'public, max-age=86400').status(204).send());
}
