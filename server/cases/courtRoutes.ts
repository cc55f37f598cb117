import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { CourtList, type CaseCounts } from '../../protocol/api.ts';
import type { CaseQueries } from './CaseQueries.ts';
import { emptyCounts } from './CaseQueries.ts';
import { todayInShanghai, type Clock } from '../clock.ts';
import { principalOf, requirePermission } from '../http/index.ts';
import type { CourtTree } from '../courts/index.ts';

function add(into: CaseCounts, c: CaseCounts): void {
  into.active += c.active;
  into.overdue += c.overdue;
  for (const k of ['red', 'yellow', 'blue', 'green'] as const) into.byColour[k] += c.byColour[k];
}

/** GET /api/courts: the caller's court and its subordinates, each with own and subtree counts of active cases (the cases feature's overview by court). */
export function registerCourtRoutes(app: FastifyInstance, deps: { courts: () => CourtTree; cases: CaseQueries; clock: Clock }): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get('/api/courts', { schema: { response: { 200: CourtList } }, preHandler: requirePermission('courts:read') }, async (request) => {
    const tree = deps.courts();
    const ids = tree.subtree(principalOf(request).courtId);
    const own = await deps.cases.countsByCourt(ids, todayInShanghai(deps.clock));
    const items = ids.map((id) => {
      const c = tree.get(id);
      if (!c) throw new Error(`court ${id} vanished from the tree`);
      const total = emptyCounts();
      for (const sub of tree.subtree(id)) add(total, own.get(sub) ?? emptyCounts());
      return {
        id: c.id,
        name: c.name,
        shortName: c.shortName,
        level: c.level,
        parentId: c.parentId,
        caseCode: c.caseCode,
        lng: c.lng,
        lat: c.lat,
        own: own.get(id) ?? emptyCounts(),
        total,
      };
    });
    return { items };
  });
}
