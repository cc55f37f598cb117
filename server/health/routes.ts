import type { FastifyInstance } from 'fastify';
import { HealthAnswer, type Health } from '../../protocol/health.ts';
import type { Store } from '../store/index.ts';
import type { MediaService } from '../media/index.ts';
import type { Gateway } from '../realtime/index.ts';
import { LoopMonitor } from './LoopMonitor.ts';
import type { Clock } from '../clock.ts';

export interface HealthDeps {
  store: Store;
  media: MediaService;
  gateway: Gateway;
  version: string;
  clock: Clock;
}

/**
 * GET /api/health: anyone may call it (load balancers, the setup check) and learns only `status`;
 * versions, worker pids and socket counts help an attacker map the server, so only a session sees them.
 */
export function registerHealthRoutes(app: FastifyInstance, deps: HealthDeps): void {
  const loop = new LoopMonitor({ clock: deps.clock });
  app.addHook('onClose', async () => loop.close());
  app.get('/api/health', { schema: { response: { 200: HealthAnswer, 503: HealthAnswer } } }, async (request, reply) => {
    const dbOk = await deps.store.ping();
    const workers = deps.media.pool.describe();
    const mediaOk = workers.length > 0 && workers.every((w) => !w.closed);
    const status = dbOk && mediaOk ? 'ok' : 'degraded';
    reply.status(status === 'ok' ? 200 : 503);
    // The auth hook looked the optional session up; without one the status is all there is to see.
    if (request.principal === null) return reply.send({ status });
    const body: Health = {
      status,
      db: dbOk ? 'ok' : 'error',
      mediasoup: { version: deps.media.version, workers },
      sockets: deps.gateway.counts(),
      eventLoop: loop.lag(),
      uptimeSeconds: Math.round(process.uptime()),
      version: deps.version,
    };
    return reply.send(body);
  });
}
