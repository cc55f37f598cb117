import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Kysely } from 'kysely';
import { AuditVerifyAnswer } from '../../protocol/api.ts';
import { requirePermission } from '../http/index.ts';
import type { Database } from '../store/index.ts';
import type { AuditAnchors } from './AuditAnchors.ts';
import { AuditLog } from './AuditLog.ts';

/** GET /api/audit/verify (audit admin only): re-walks the hash chain against its anchors, reports the first broken link. */
export function registerAuditRoutes(app: FastifyInstance, deps: { db: Kysely<Database>; anchors: AuditAnchors }): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get('/api/audit/verify', { schema: { response: { 200: AuditVerifyAnswer } }, preHandler: requirePermission('audit:verify') }, async () =>
    AuditLog.verify(deps.db, { anchors: deps.anchors.read() }),
  );
}
