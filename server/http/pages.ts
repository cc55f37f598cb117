import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import type { ErrorBody } from '../../protocol/errors.ts';

/** The two pages a person opens, each a Vite entry built into `rendererDir`. */
const PAGES = { '/console': 'console/index.html', '/field': 'field/index.html' } as const;

/** Serves the built renderer: /console, /field and their hashed assets under /assets. */
export async function registerPages(app: FastifyInstance, rendererDir: string): Promise<void> {
  const built = existsSync(path.join(rendererDir, PAGES['/console']));
  if (built) {
    await app.register(fastifyStatic, {
      root: rendererDir,
      prefix: '/',
      index: false,
      // Hashed file names: cache forever; the HTML pages themselves are sent with no-cache below.
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
      return reply.header('cache-control', 'no-cache').sendFile(file);
    });
  }
  app.get('/', async (_request, reply) => reply.redirect('/console'));
}
