import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { IdParams } from '../../protocol/api.ts';
import { ActionTimelineAnswer } from '../../protocol/timeline.ts';
import { principalOf, requirePermission } from '../http/index.ts';
import type { TimelineQueries } from './TimelineQueries.ts';

/** GET /api/actions/:id/timeline: everything that happened on the action, oldest first, as the caller's court may see it. */
export function registerTimelineRoutes(app: FastifyInstance, queries: TimelineQueries): void {
  app.withTypeProvider<TypeBoxTypeProvider>().get(
    '/api/actions/:id/timeline',
    { schema: { params: IdParams, response: { 200: ActionTimelineAnswer } }, preHandler: requirePermission('dispatch:read') },
    async (request) => queries.read(principalOf(request).courtId, request.params.id),
  );
}
