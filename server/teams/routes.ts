import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Kysely } from 'kysely';
import { TeamList, TeamListQuery, type TeamInfo } from '../../protocol/api.ts';
import type { CourtTree } from '../courts/CourtTree.ts';
import { scopeCourts } from '../courts/scope.ts';
import { principalOf, requirePermission } from '../http/authHooks.ts';
import type { Database } from '../store/schema.ts';

/** GET /api/teams: the teams of the caller's courts, with members and devices. */
export function registerTeamRoutes(app: FastifyInstance, deps: { db: Kysely<Database>; courts: () => CourtTree }): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get(
    '/api/teams',
    { schema: { querystring: TeamListQuery, response: { 200: TeamList } }, preHandler: requirePermission('teams:read') },
    async (request) => {
      const courtIds = scopeCourts(deps.courts(), principalOf(request), request.query.court);
      if (courtIds.length === 0) return { items: [] };
      const teams = await deps.db.selectFrom('teams').selectAll().where('court_id', 'in', courtIds).orderBy('court_id').orderBy('name').execute();
      const teamIds = teams.map((t) => t.id);
      const [members, devices] = teamIds.length
        ? await Promise.all([
            deps.db.selectFrom('team_members').select(['team_id', 'name', 'duty']).where('team_id', 'in', teamIds).execute(),
            deps.db.selectFrom('devices').select(['team_id', 'id', 'kind', 'serial']).where('team_id', 'in', teamIds).execute(),
          ])
        : [[], []];
      const items: TeamInfo[] = teams.map((t) => ({
        id: t.id,
        courtId: t.court_id,
        name: t.name,
        status: t.status,
        vehicle: t.vehicle,
        lastPosition:
          t.last_lng !== null && t.last_lat !== null && t.last_position_at !== null ? { lng: t.last_lng, lat: t.last_lat, at: t.last_position_at } : null,
        members: members.filter((m) => m.team_id === t.id).map((m) => ({ name: m.name, duty: m.duty })),
        devices: devices.filter((d) => d.team_id === t.id).map((d) => ({ id: d.id, kind: d.kind, serial: d.serial })),
      }));
      return { items };
    },
  );
}
