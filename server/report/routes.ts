import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { IdParams } from '../../protocol/api.ts';
import { ActionReport, ReportPhotoParams } from '../../protocol/report.ts';
import { principalOf, requirePermission } from '../http/index.ts';
import type { ActionReports, ReportPhoto, ReportReader } from './ActionReports.ts';
import { ReportFontMissingError, type ReportFonts } from './reportFont.ts';
import { MAX_PDF_PHOTOS, renderReportPdf } from './reportPdf.ts';

/** A report tells evidence: no proxy or browser cache keeps a copy. */
const NO_STORE = 'private, no-store';

function readerOf(request: FastifyRequest): ReportReader {
  const p = principalOf(request);
  return { userId: p.userId, username: p.username, name: p.displayName, role: p.role, courtId: p.courtId, ip: request.ip };
}

/** 执行行动报告_案号.pdf for the Content-Disposition (RFC 6266: an ASCII fallback, the UTF-8 name beside it). */
export function reportFileName(actionId: string, caseNumber: string): string {
  const name = `执行行动报告_${caseNumber}.pdf`.replace(/[\\/:*?"<>|\s]+/g, '-');
  return `attachment; filename="action-report-${actionId}.pdf"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/**
 * GET /api/actions/:id/report (the page's data), /report.pdf (the download) and
 * /report/photos/:messageId (a chat photo): dispatch:read, for a court that may see the action; every
 * reading of the report is audited before it leaves (action.report.view, action.report.download with
 * the PDF's own SHA-256).
 */
export function registerReportRoutes(app: FastifyInstance, reports: ActionReports, fonts: ReportFonts | null): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get(
    '/api/actions/:id/report',
    { schema: { params: IdParams, response: { 200: ActionReport } }, preHandler: requirePermission('dispatch:read') },
    async (request, reply) => {
      const reader = readerOf(request);
      const report = await reports.build(reader, request.params.id);
      await reports.audit(reader, report, { download: false });
      reply.header('cache-control', NO_STORE);
      return report;
    },
  );

  r.get(
    '/api/actions/:id/report.pdf',
    { schema: { params: IdParams }, preHandler: requirePermission('dispatch:read') },
    async (request, reply) => {
      const reader = readerOf(request);
      const report = await reports.build(reader, request.params.id);
      if (!fonts) throw new ReportFontMissingError();
      const photos = new Map<number, ReportPhoto>();
      for (const c of report.chat.filter((m) => m.message.hasPhoto).slice(0, MAX_PDF_PHOTOS)) {
        photos.set(c.message.id, await reports.photo(reader, report.actionId, c.message.id));
      }
      const pdf = await renderReportPdf(report, photos, fonts);
      const sha256 = createHash('sha256').update(pdf).digest('hex');
      // The download is the act: recorded, with the file's fingerprint, before a byte leaves.
      await reports.audit(reader, report, { download: true, sha256, bytes: pdf.length });
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', reportFileName(report.actionId, report.header.caseNumber))
        .header('cache-control', NO_STORE)
        .header('x-report-sha256', sha256)
        .send(pdf);
    },
  );

  r.get(
    '/api/actions/:id/report/photos/:messageId',
    { schema: { params: ReportPhotoParams }, preHandler: requirePermission('dispatch:read') },
    async (request, reply) => {
      const photo = await reports.photo(readerOf(request), request.params.id, request.params.messageId);
      return reply.header('content-type', `image/${photo.type}`).header('cache-control', NO_STORE).send(photo.bytes);
    },
  );
}
