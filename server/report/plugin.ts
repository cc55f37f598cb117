import fp from 'fastify-plugin';
import { ActionReports } from './ActionReports.ts';
import { FONT_DIRS, findReportFonts } from './reportFont.ts';
import { registerReportRoutes } from './routes.ts';

declare module 'fastify' {
  interface FastifyInstance {
    reports: ActionReports;
  }
}

/**
 * The action report (执行行动报告; writes nothing but its audit entries): a finished or cancelled
 * action told from the store through the features' read sides, as data for the console's page and as
 * a PDF that embeds a subset of Noto Sans CJK SC (Debian's fonts-noto-cjk, found at start).
 */
export const reportPlugin = fp(
  async (app) => {
    const reports = new ActionReports({
      db: app.store.db,
      courts: () => app.courts,
      actions: app.actions,
      plans: app.actionPlans,
      timeline: app.timeline,
      instructions: app.instructionQueries,
      recordings: app.recordings,
      chat: app.chat,
      clock: app.clock,
    });
    app.decorate('reports', reports);
    const fonts = findReportFonts();
    // The page works without it; a PDF download answers 503 naming the package to install.
    if (!fonts) app.log.warn({ dirs: FONT_DIRS }, '报告字体缺失，PDF 报告不可用 / Noto Sans CJK (fonts-noto-cjk) not found: report PDFs are unavailable');
    registerReportRoutes(app, reports, fonts);
  },
  { name: 'report', dependencies: ['store', 'courts', 'actions', 'timeline', 'dispatch', 'recording', 'chat'] },
);
