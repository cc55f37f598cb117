import { readFileSync } from 'node:fs';
import path from 'node:path';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Config } from '../config/schema.ts';
import { ROOT_DIR } from '../config/load.ts';
import { registerHealthRoutes } from './health/routes.ts';
import { registerErrorHandlers } from './http/errors.ts';
import { registerPages } from './http/pages.ts';
import { createMediaHandlers } from './media/handlers.ts';
import { MediaService } from './media/MediaService.ts';
import { Gateway } from './realtime/gateway.ts';
import { Store } from './store/Store.ts';
import { createTerminalHandlers } from './terminals/handlers.ts';
import { TerminalRegistry } from './terminals/TerminalRegistry.ts';

const VERSION: string = (JSON.parse(readFileSync(path.join(ROOT_DIR, 'package.json'), 'utf8')) as { version: string }).version;

export interface BuildAppOptions {
  config: Config;
  /** Where the built renderer lives; default dist/renderer. */
  rendererDir?: string;
  /** pino options or false; tests pass false. */
  logger?: boolean | { level: string };
}

/** The app and the services it owns; `app.close()` closes them all (sockets, workers, database). */
export interface App {
  app: FastifyInstance;
  store: Store;
  media: MediaService;
  gateway: Gateway;
}

declare module 'fastify' {
  interface FastifyInstance {
    store: Store;
    media: MediaService;
    gateway: Gateway;
  }
}

/**
 * Builds the whole server: store opened and migrated, mediasoup workers started, routes and socket
 * handlers registered. Never listens: main.ts does, tests call `app.listen({ port: 0 })` or `inject()`.
 */
export async function buildApp(opts: BuildAppOptions): Promise<App> {
  const { config } = opts;
  const app = Fastify({
    logger: opts.logger ?? { level: config.logLevel },
    // Consoles keep websockets open for hours; a stuck client must not hold shutdown forever.
    forceCloseConnections: true,
    return503OnClosing: true,
    // One line per request drowns the operational log of a server polled all day by health checks.
    logController: new LogController({ disableRequestLogging: true }),
  }).withTypeProvider<TypeBoxTypeProvider>();

  const store = await Store.open({ dataDir: config.dataDir });
  let media: MediaService;
  try {
    media = await MediaService.create(config.media, app.log);
  } catch (err) {
    await store.close();
    throw err;
  }
  const gateway = new Gateway(app.server, { trustedOrigins: config.server.trustedOrigins, logger: app.log });
  app.decorate('store', store);
  app.decorate('media', media);
  app.decorate('gateway', gateway);

  // Close order: clients first (so no handler runs on a closing store), then media, then the store.
  app.addHook('preClose', async () => gateway.close());
  app.addHook('onClose', async () => {
    await media.close();
    await store.close();
  });

  registerErrorHandlers(app);
  registerHealthRoutes(app, { store, media, gateway, version: VERSION });
  await registerPages(app, opts.rendererDir ?? path.join(ROOT_DIR, 'dist', 'renderer'));

  const terminals = new TerminalRegistry(store.db);
  gateway.onConnection(createTerminalHandlers(gateway.io, terminals, app.log));
  gateway.onConnection(createMediaHandlers(gateway.io, media, app.log));

  return { app, store, media, gateway };
}
