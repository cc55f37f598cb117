import type { FastifyInstance } from 'fastify';
import { Health } from '../../protocol/health.ts';
import type { Store } from '../store/Store.ts';
import type { MediaService } from '../media/MediaService.ts';
import type { Gateway } from '../realtime/gateway.ts';
import { LoopMonitor } from './LoopMonitor.ts';

export interface HealthDeps {
  store: Store;
  media: MediaService;
  gateway: Gateway;
  version: string;
}

/** GET /api/health: anyone may call it (load balancers, the setup check); it reveals no data. */
export function registerHealthRoutes(app: FastifyInstance, deps: HealthDeps): void {
  const loop = new LoopMonitor();
  app.addHook('onClose', async () => loop.close());
  app.get('/api/health', { schema: { response: { 200: Health, 503: Health } } }, async (_request, reply) => {
    const dbOk = await deps.store.ping();
    const workers = deps.media.pool.describe();
    const mediaOk = workers.length > 0 && workers.every((w) => !w.closed);
    const body: Health = {
      status: dbOk && mediaOk ? 'ok' : 'degraded',
      db: dbOk ? 'ok' : 'error',
      mediasoup: { version: deps.media.version, workers },
      sockets: deps.gateway.counts(),
      eventLoop: loop.lag(),
      uptimeSeconds: Math.round(process.uptime()),
      version: deps.version,
    };
    return reply.status(body.status === 'ok' ? 200 : 503).send(body);
  });
}
