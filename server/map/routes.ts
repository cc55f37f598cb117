import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { MapCasesQuery, MapConfigAnswer, MapSearchAnswer, MapSearchQuery } from '../../protocol/map.ts';
import { MAP_CASES_CONTENT_TYPE } from '../../protocol/mapCases.ts';
import { todayInShanghai, type Clock } from '../clock.ts';
import { coversAllCourts, scopeCourts, type CourtTree } from '../courts/index.ts';
import { NotFoundError } from '../errors.ts';
import { principalOf, requirePermission } from '../http/index.ts';
import type { GeoFile } from './demoGeo.ts';
import { encodeMapCases } from './encodeMapCases.ts';
import type { MapQueries } from './MapQueries.ts';

export interface MapRouteDeps {
  queries: MapQueries;
  courts: () => CourtTree;
  clock: Clock;
  /** The answer of GET /api/map/config (fixed at start). */
  config: MapConfigAnswer;
  /** The demo map's GeoJSON by file name (GET /api/map/demo/:name). */
  demoFiles: ReadonlyMap<string, GeoFile>;
  /** The deployment's style, as read at start; null without one. */
  style: GeoFile | null;
  /** The deployment's map files by name → absolute path (GET /api/map/files/:name). */
  files: ReadonlyMap<string, string>;
}

const NameParams = Type.Object({ name: Type.String({ minLength: 1, maxLength: 128 }) }, { additionalProperties: false });

/**
 * Base-map geometry is no case data: revalidated (ETag) rather than never stored, so a console
 * reloading the map, or pmtiles re-reading a range, costs a 304 rather than the bytes again.
 * `private`: a proxy still keeps nothing that a session fetched.
 */
const MAP_FILE_CACHE = 'private, no-cache';

function sendGeo(request: FastifyRequest, reply: FastifyReply, file: GeoFile, type: string): FastifyReply {
  reply.header('cache-control', MAP_FILE_CACHE).header('etag', file.etag);
  if (request.headers['if-none-match'] === file.etag) return reply.code(304).send();
  return reply.type(type).send(file.body);
}

/** The map feature's routes (docs/protocol.md, 地图 / map). */
export async function registerMapRoutes(app: FastifyInstance, deps: MapRouteDeps): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get('/api/map/config', { schema: { response: { 200: MapConfigAnswer } } }, async () => deps.config);

  r.get('/api/map/demo/:name', { schema: { params: NameParams } }, async (request, reply) => {
    const file = deps.demoFiles.get(request.params.name);
    if (!file) throw new NotFoundError(`map file ${request.params.name}`);
    return sendGeo(request, reply, file, 'application/geo+json; charset=utf-8');
  });

  r.get('/api/map/style.json', async (request, reply) => {
    if (!deps.style) throw new NotFoundError('map style (config map.style is not set)');
    return sendGeo(request, reply, deps.style, 'application/json; charset=utf-8');
  });

  // The deployment's files, through @fastify/static's send: Range (206, Accept-Ranges: bytes,
  // If-Range), ETag and Last-Modified, which pmtiles in the browser needs. Its own context, so its
  // reply decorator does not meet the pages' one; only files named at start are ever served.
  await app.register(async (files) => {
    await files.register(fastifyStatic, { root: path.resolve('/'), serve: false });
    files.withTypeProvider<TypeBoxTypeProvider>().get('/api/map/files/:name', { schema: { params: NameParams } }, async (request, reply) => {
      const file = deps.files.get(request.params.name);
      if (!file) throw new NotFoundError(`map file ${request.params.name}`);
      return reply.header('cache-control', MAP_FILE_CACHE).sendFile(path.basename(file), path.dirname(file), { cacheControl: false, acceptRanges: true });
    });
  });

  r.get(
    '/api/map/cases',
    { schema: { querystring: MapCasesQuery }, preHandler: requirePermission('cases:read') },
    async (request, reply) => {
      const tree = deps.courts();
      const courtIds = scopeCourts(tree, principalOf(request), request.query.court);
      const today = todayInShanghai(deps.clock);
      const rows = await deps.queries.cases(courtIds, today, coversAllCourts(tree, courtIds));
      const body = encodeMapCases(rows, { at: new Date(deps.clock.now()).toISOString(), today });
      return reply.type(MAP_CASES_CONTENT_TYPE).send(body);
    },
  );

  r.get(
    '/api/map/search',
    {
      schema: { querystring: MapSearchQuery, response: { 200: MapSearchAnswer } },
      preHandler: [requirePermission('cases:read'), requirePermission('teams:read')],
    },
    async (request) => {
      const courtIds = scopeCourts(deps.courts(), principalOf(request), request.query.court);
      const q = request.query.q.trim();
      if (q.length === 0) return { cases: [], teams: [], more: false };
      return deps.queries.search(courtIds, q, request.query.limit ?? 10);
    },
  );
}
