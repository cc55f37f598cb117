import fp from 'fastify-plugin';
import { WorkCalendar } from '../calendar/index.ts';
import { todayInShanghai } from '../clock.ts';
import { PeriodicTask } from '../periodic.ts';
import { assessRisk } from '../risk/index.ts';
import { supervisionOfCase } from '../supervision/index.ts';
import type { RiskFactor } from '../../protocol/domain.ts';
import { CaseQueries } from './CaseQueries.ts';
import { registerCourtRoutes } from './courtRoutes.ts';
import { OverdueReassessor } from './OverdueReassessor.ts';
import { registerCaseRoutes } from './routes.ts';

declare module 'fastify' {
  interface FastifyInstance {
    cases: CaseQueries;
    reassessor: OverdueReassessor;
  }
}

/** 节点超期 turns with the calendar: looked at on start and every hour. */
const REASSESS_EVERY_MS = 3_600_000;

/**
 * Cases (the only writer of `cases` and `case_events`): lists, detail, colour override and export,
 * the court overview with its counts (GET /api/courts), and the hourly 节点超期 re-assessment.
 */
export const casesPlugin = fp(
  async (app) => {
    const { rules, clock } = app;
    const db = app.store.db;
    const assess = (factors: RiskFactor[]) => assessRisk(factors, rules.risk);
    const calendar = new WorkCalendar(rules.calendar);
    const cases = new CaseQueries(
      db,
      assess,
      (handedOverOn, today) => supervisionOfCase(handedOverOn, today, rules.supervision),
      (from, to) => calendar.workdaysBetween(from, to),
    );
    const reassessor = new OverdueReassessor({ db, assess, today: () => todayInShanghai(clock), logger: app.log, clock });
    app.decorate('cases', cases);
    app.decorate('reassessor', reassessor);
    registerCaseRoutes(app, { db, courts: () => app.courts, cases, assess, clock });
    registerCourtRoutes(app, { courts: () => app.courts, cases, clock });
    const task = new PeriodicTask({
      clock,
      everyMs: REASSESS_EVERY_MS,
      run: () => reassessor.run(),
      logger: app.log,
      what: '节点超期重评失败 / overdue re-assessment failed',
      immediately: true,
    }).start();
    app.addHook('onClose', async () => task.close());
  },
  { name: 'cases', dependencies: ['store', 'courts', 'audit', 'auth'] },
);
