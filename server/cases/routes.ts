import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Kysely } from 'kysely';
import { CaseDetail, CaseListAnswer, CaseListQuery, IdParams, OverrideColourBody } from '../../protocol/api.ts';
import type { RiskFactor } from '../../protocol/domain.ts';
import { AuditLog } from '../audit/index.ts';
import { dateOf, todayInShanghai, type Clock } from '../clock.ts';
import { coversAllCourts, scopeCourts, type CourtTree } from '../courts/index.ts';
import { NotFoundError } from '../errors.ts';
import { principalOf, requirePermission } from '../http/index.ts';
import type { Database } from '../store/index.ts';
import type { Assess, CaseQueries } from './CaseQueries.ts';

export interface CaseRouteDeps {
  db: Kysely<Database>;
  courts: () => CourtTree;
  cases: CaseQueries;
  assess: Assess;
  clock: Clock;
}

// CSV export is bounded: a whole province is a report job, not a click.
const EXPORT_LIMIT = 10_000;

function csvCell(v: unknown): string {
  const s = String(v ?? '');
  return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** GET /api/cases, GET /api/cases/:id, PUT /api/cases/:id/colour, GET /api/cases/export. */
export function registerCaseRoutes(app: FastifyInstance, deps: CaseRouteDeps): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get(
    '/api/cases',
    { schema: { querystring: CaseListQuery, response: { 200: CaseListAnswer } }, preHandler: requirePermission('cases:read') },
    async (request) => {
      const tree = deps.courts();
      const courtIds = scopeCourts(tree, principalOf(request), request.query.court);
      return deps.cases.list(courtIds, request.query, todayInShanghai(deps.clock), coversAllCourts(tree, courtIds));
    },
  );

  r.get(
    '/api/cases/export',
    { schema: { querystring: CaseListQuery }, preHandler: requirePermission('cases:export') },
    async (request, reply) => {
      const principal = principalOf(request);
      const courtIds = scopeCourts(deps.courts(), principal, request.query.court);
      const page = await deps.cases.list(courtIds, { ...request.query, page: 1, pageSize: 500 }, todayInShanghai(deps.clock));
      const rows = [...page.items];
      for (let p = 2; rows.length < Math.min(page.total, EXPORT_LIMIT); p++) {
        const next = await deps.cases.list(courtIds, { ...request.query, page: p, pageSize: 500 }, todayInShanghai(deps.clock));
        if (next.items.length === 0) break;
        rows.push(...next.items);
      }
      rows.length = Math.min(rows.length, EXPORT_LIMIT);
      // The export is the act: recorded before the data leaves.
      await deps.db.transaction().execute((trx) =>
        AuditLog.append(trx, {
          actorUserId: principal.userId,
          actorName: principal.username,
          courtId: principal.courtId,
          action: 'case.export',
          detail: { filter: request.query, rows: rows.length },
          ip: request.ip,
        }, dateOf(deps.clock)),
      );
      const header = ['案号', '法院', '申请执行人', '被执行人', '标的额(元)', '立案日期', '节点', '节点期限', '风险颜色'];
      const lines = rows.map((c) =>
        [c.caseNumber, deps.courts().get(c.courtId)?.name, c.applicant, c.respondent, c.amountYuan, c.filedOn, c.stage, c.stageDueOn, c.riskColour]
          .map(csvCell)
          .join(','),
      );
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="cases.csv"')
        .send(`\uFEFF${[header.join(','), ...lines].join('\n')}\n`);
    },
  );

  r.get(
    '/api/cases/:id',
    { schema: { params: IdParams, response: { 200: CaseDetail } }, preHandler: requirePermission('cases:read') },
    async (request) => {
      const courtIds = deps.courts().subtree(principalOf(request).courtId);
      const detail = await deps.cases.detail(request.params.id, courtIds, todayInShanghai(deps.clock));
      if (!detail) throw new NotFoundError(`case ${request.params.id}`);
      return detail;
    },
  );

  r.put(
    '/api/cases/:id/colour',
    { schema: { params: IdParams, body: OverrideColourBody, response: { 200: CaseDetail } }, preHandler: requirePermission('cases:override-colour') },
    async (request) => {
      const principal = principalOf(request);
      const courtIds = deps.courts().subtree(principal.courtId);
      const { id } = request.params;
      const { colour, reason } = request.body;
      const now = dateOf(deps.clock);
      await deps.db.transaction().execute(async (trx) => {
        const row = await trx.selectFrom('cases').select(['risk_factors', 'risk_colour', 'colour_override']).where('id', '=', id).where('court_id', 'in', courtIds).executeTakeFirst();
        if (!row) throw new NotFoundError(`case ${id}`);
        const computed = deps.assess(JSON.parse(row.risk_factors) as RiskFactor[]).colour;
        const effective = colour ?? computed;
        await trx.updateTable('cases').set({ risk_colour: effective, colour_override: colour, override_reason: colour ? reason : null }).where('id', '=', id).execute();
        await trx
          .insertInto('case_events')
          .values({
            id: randomUUID(),
            case_id: id,
            at: now.toISOString(),
            kind: 'colour-override',
            text: colour ? `风险颜色人工调整为 ${effective}：${reason}` : `撤销人工调整，恢复为 ${effective}：${reason}`,
            actor_user_id: principal.userId,
          })
          .execute();
        await AuditLog.append(
          trx,
          {
            actorUserId: principal.userId,
            actorName: principal.username,
            courtId: principal.courtId,
            action: 'case.colour-override',
            targetType: 'case',
            targetId: id,
            detail: { from: row.risk_colour, to: effective, override: colour, reason },
            ip: request.ip,
          },
          now,
        );
      });
      const detail = await deps.cases.detail(id, courtIds, todayInShanghai(deps.clock));
      if (!detail) throw new NotFoundError(`case ${id}`);
      return detail;
    },
  );
}
