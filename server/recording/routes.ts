import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { IdParams } from '../../protocol/api.ts';
import { ActionRecordingsAnswer, RecordingMediaQuery, RecordingVerifyAnswer } from '../../protocol/recording.ts';
import { principalOf, requirePermission } from '../http/index.ts';
import type { RecordingService } from './RecordingService.ts';
import type { Viewer } from './RecordingStore.ts';

/** Evidence is looked at, never stored on the way: no proxy or browser cache keeps a copy. */
const NO_STORE = 'private, no-store';

function viewerOf(request: FastifyRequest): Viewer {
  const p = principalOf(request);
  return { userId: p.userId, username: p.username, courtId: p.courtId, ip: request.ip };
}

/**
 * A request that starts a playback: no Range, or one from byte 0 (a player's first request). The
 * range requests a player makes while it plays or seeks are the same playback, audited once.
 */
export function startsPlayback(range: string | undefined): boolean {
  if (range === undefined) return true;
  return /^bytes=0-/.test(range.trim());
}

/** The recording feature's routes (docs/protocol.md, 执行过程记录 / recordings). */
export async function registerRecordingRoutes(app: FastifyInstance, recordings: RecordingService): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get(
    '/api/actions/:id/recordings',
    { schema: { params: IdParams, response: { 200: ActionRecordingsAnswer } }, preHandler: requirePermission('dispatch:read') },
    async (request) => recordings.list(principalOf(request).courtId, request.params.id),
  );

  r.post(
    '/api/recordings/:id/verify',
    { schema: { params: IdParams, response: { 200: RecordingVerifyAnswer } }, preHandler: requirePermission('dispatch:read') },
    async (request) => recordings.verify(viewerOf(request), request.params.id),
  );

  // The file through @fastify/static's send: Range (206, Accept-Ranges, If-Range), ETag and
  // Last-Modified, which a <video> element needs to seek. Its own context, so its reply decorators do
  // not meet the pages' or the map's; only a file named by a row the viewer may see is ever served.
  await app.register(async (media) => {
    await media.register(fastifyStatic, { root: path.resolve('/'), serve: false, decorateReply: true });
    media.withTypeProvider<TypeBoxTypeProvider>().get(
      '/api/recordings/:id/media',
      { schema: { params: IdParams, querystring: RecordingMediaQuery }, preHandler: requirePermission('dispatch:read') },
      async (request, reply) => {
        const viewer = viewerOf(request);
        const { row, file } = await recordings.get(viewer.courtId, request.params.id);
        const download = request.query.download === '1';
        // Who saw what: written before the first byte leaves; HEAD sends no content.
        if (request.method === 'GET' && startsPlayback(request.headers.range)) await recordings.audited(viewer, row, download);
        reply.header('cache-control', NO_STORE);
        const options = { cacheControl: false, acceptRanges: true } as const;
        if (download) return reply.download(file, downloadName(row), options);
        return reply.type(row.kind === 'audio' ? 'audio/webm' : 'video/webm').sendFile(path.basename(file), path.dirname(file), options);
      },
    );
  });
}

/** 案号_执行组_警员_开始时间.webm, without characters a file system refuses. */
function downloadName(row: { case_number: string; team_name: string | null; officer: string; started_at: string; kind: string }): string {
  const stamp = row.started_at.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const parts = [row.case_number, row.team_name ?? '', row.officer, stamp, row.kind === 'audio' ? '音频' : ''].filter(Boolean);
  return `${parts.join('_').replace(/[\\/:*?"<>|\s]+/g, '-')}.webm`;
}
