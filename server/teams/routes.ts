import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { IdParams, TeamList, TeamListQuery } from '../../protocol/api.ts';
import { MAX_TRACK_SPAN_MS, TeamTrackAnswer, TrackQuery } from '../../protocol/map.ts';
import { scopeCourts, type CourtTree } from '../courts/index.ts';
import { BadRequestError, NotFoundError } from '../errors.ts';
import { principalOf, requirePermission } from '../http/index.ts';
import type { TeamDirectory } from './TeamDirectory.ts';
import { toTeamTrack } from './trackChunk.ts';
import type { TrackHistory } from './TrackHistory.ts';

export interface TeamRouteDeps {
  teams: TeamDirectory;
  history: TrackHistory;
  courts: () => CourtTree;
}

/** `from` and `to` of a track query as epoch ms: `from` before `to`, at most 24 h apart (400 naming `to` otherwise). */
export function trackSpan(q: TrackQuery): { from: number; to: number } {
  const from = Date.parse(q.from);
  const to = Date.parse(q.to);
  if (!(to > from)) throw new BadRequestError('querystring/to: must be after from');
  if (to - from > MAX_TRACK_SPAN_MS) throw new BadRequestError('querystring/to: at most 24 h after from');
  return { from, to };
}

/** GET /api/teams: the teams of the caller's courts, with members and devices; GET /api/teams/:id/track. */
export function registerTeamRoutes(app: FastifyInstance, deps: TeamRouteDeps): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get(
    '/api/teams',
    { schema: { querystring: TeamListQuery, response: { 200: TeamList } }, preHandler: requirePermission('teams:read') },
    async (request) => {
      const courtIds = scopeCourts(deps.courts(), principalOf(request), request.query.court);
      const items = await deps.teams.list(courtIds);
      return { items };
    },
  );

  r.get(
    '/api/teams/:id/track',
    { schema: { params: IdParams, querystring: TrackQuery, response: { 200: TeamTrackAnswer } }, preHandler: requirePermission('teams:read') },
    async (request) => {
      const { from, to } = trackSpan(request.query);
      const [team] = await deps.teams.refs([request.params.id]);
      // A team outside the caller's branch is not found: its existence is not revealed.
      if (!team || !deps.courts().canSee(principalOf(request).courtId, team.courtId)) throw new NotFoundError(`team ${request.params.id}`);
      const points = await deps.history.read(team.id, from, to);
      return { from: new Date(from).toISOString(), to: new Date(to).toISOString(), origin: from, track: toTeamTrack(team, points, from) };
    },
  );
}
