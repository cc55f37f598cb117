import path from 'node:path';
import fp from 'fastify-plugin';
import { PeriodicTask } from '../periodic.ts';
import { AuditAnchors } from './AuditAnchors.ts';
import { registerAuditRoutes } from './routes.ts';

declare module 'fastify' {
  interface FastifyInstance {
    auditAnchors: AuditAnchors;
  }
}

/** How often the chain's head is anchored when it moved. */
const ANCHOR_EVERY_MS = 60_000;

/**
 * The audit trail: other features append inside their own transactions (AuditLog.append, the only
 * writer of audit_log); this feature anchors the head every minute and on shutdown, and verifies.
 */
export const auditPlugin = fp(
  async (app) => {
    const anchors = new AuditAnchors({ db: app.store.db, file: path.join(app.settings.dataDir, 'audit-anchors.jsonl'), logger: app.log, clock: app.clock });
    const task = new PeriodicTask({
      clock: app.clock,
      everyMs: ANCHOR_EVERY_MS,
      run: () => anchors.anchor(),
      logger: app.log,
      what: '审计锚点写入失败 / audit anchor not written',
      immediately: true,
      // A clean shutdown leaves nothing unwitnessed.
      finally: true,
    });
    app.decorate('auditAnchors', anchors);
    registerAuditRoutes(app, { db: app.store.db, anchors });
    task.start();
    app.addHook('onClose', async () => task.close());
  },
  { name: 'audit', dependencies: ['store'] },
);
