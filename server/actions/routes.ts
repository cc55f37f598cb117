import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { IdParams } from '../../protocol/api.ts';
import { ActionTrackAnswer, MAX_TRACK_SPAN_MS } from '../../protocol/map.ts';
import { ActionPlanAnswer, PlanQuery } from '../../protocol/plan.ts';
import type { Clock } from '../clock.ts';
import { principalOf, requirePermission } from '../http/index.ts';
import { toTeamTrack, type TrackHistory } from '../teams/index.ts';
import type { ActionPlans } from './ActionPlans.ts';
import type { ActionReplay, ActionService } from './ActionService.ts';

/**
 * The span an action's replay covers: from going ongoing (or its planned time, if it never did) to
 * finishing (or now, while open); the last 24 h of a longer one. Empty (from = to) before it starts.
 */
export function replaySpan(a: Pick<ActionReplay, 'plannedAt' | 'startedAt' | 'endedAt'>, now: number): { from: number; to: number; truncated: boolean } {
  const start = Date.parse(a.startedAt ?? a.plannedAt);
  const to = Math.max(start, a.endedAt ? Date.parse(a.endedAt) : now);
  const truncated = to - start > MAX_TRACK_SPAN_MS;
  return { from: truncated ? to - MAX_TRACK_SPAN_MS : start, to, truncated };
}

/**
 * GET /api/actions/:id/track: every team of the action the caller may see, over the action's span.
 * GET /api/actions/:id/plan: its plan (预案), a version of it, and every version.
 */
export function registerActionRoutes(app: FastifyInstance, deps: { actions: ActionService; plans: ActionPlans; history: TrackHistory; clock: Clock }): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get(
    '/api/actions/:id/track',
    { schema: { params: IdParams, response: { 200: ActionTrackAnswer } }, preHandler: requirePermission('dispatch:read') },
    async (request) => {
      const replay = await deps.actions.replayOf(principalOf(request).courtId, request.params.id);
      const { from, to, truncated } = replaySpan(replay, deps.clock.now());
      const points = await deps.history.readMany(
        replay.teams.map((t) => t.id),
        from,
        to,
      );
      return {
        actionId: request.params.id,
        from: new Date(from).toISOString(),
        to: new Date(to).toISOString(),
        origin: from,
        truncated,
        tracks: replay.teams.map((t) => toTeamTrack(t, points.get(t.id) ?? [], from)),
      };
    },
  );
  r.get(
    '/api/actions/:id/plan',
    { schema: { params: IdParams, querystring: PlanQuery, response: { 200: ActionPlanAnswer } }, preHandler: requirePermission('dispatch:read') },
    async (request) => deps.plans.read(principalOf(request), request.params.id, request.query.version),
  );
}
