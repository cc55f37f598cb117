import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { TeamList, TeamListQuery } from '../../protocol/api.ts';
import { scopeCourts, type CourtTree } from '../courts/index.ts';
import { principalOf, requirePermission } from '../http/index.ts';
import type { TeamDirectory } from './TeamDirectory.ts';

/** GET /api/teams: the teams of the caller's courts, with members and devices. */
export function registerTeamRoutes(app: FastifyInstance, deps: { teams: TeamDirectory; courts: () => CourtTree }): void {
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
}
