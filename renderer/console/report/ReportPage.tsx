import { useState } from 'react';
import type { Me } from '../../../protocol/api.ts';
import type { ActionReport } from '../../../protocol/report.ts';
import { t, tEn } from '../../lib/i18n.ts';
import type { Session } from '../../lib/session.ts';
import { useStore } from '../../lib/useStore.ts';
import { UserChip } from '../../lib/UserChip.tsx';
import { RecordingsDialog } from '../dispatch/recordings/RecordingsDialog.tsx';
import { RecordingsModel } from '../dispatch/recordings/RecordingsModel.ts';
import { reportPdfUrl, reportTime } from './ReportModel.ts';
import { ChatSection, InstructionsSection, OverviewSection, RecordingsSection, TeamsSection, TimelineSection, WatchersSection } from './ReportSections.tsx';
import { useReportModel } from './useReportModel.ts';
import './report.css';

/**
 * The report of a finished or cancelled enforcement action (执行行动报告, `/console?report=ID`): the
 * same sections as its PDF, read from the server once (nothing about an action that is over changes
 * live), chat photos as thumbnails, and the PDF's download (audited on the server).
 */
export function ReportPage({ user, session, actionId }: { user: Me; session: Session; actionId: string }) {
  const model = useReportModel(actionId);
  const state = useStore(model.state);
  // The action's recordings played back here, as from an ongoing action's row (each playback audited).
  const [recordings] = useState(() => new RecordingsModel());
  return (
    <div className="console report-page" data-testid="report-page" data-action-id={actionId} data-state={state.kind}>
      <header className="topbar">
        <h1>
          {t('report.title')}
          <small>{tEn('report.title')}</small>
        </h1>
        <div className="topbar-right">
          <a className="report-action" href={`/console?action=${encodeURIComponent(actionId)}`} data-testid="report-room">
            {t('report.room')}
          </a>
          {state.kind === 'ready' && (
            <>
              <button
                type="button"
                className="report-action"
                data-testid="report-play-recordings"
                onClick={() => void recordings.open({ actionId, caseNumber: state.report.header.caseNumber })}
              >
                {t('recordings.open')}
              </button>
              <button type="button" className="report-action" onClick={() => window.print()}>
                {t('report.print')}
              </button>
              <a className="report-action report-download" href={reportPdfUrl(actionId)} download data-testid="report-download">
                {t('report.download')}
              </a>
            </>
          )}
          <UserChip user={user} session={session} />
        </div>
      </header>
      <main className="report-scroll">
        {state.kind === 'loading' && <p className="report-message">{t('report.loading')}</p>}
        {state.kind === 'error' && (
          <p className="report-message report-error" data-testid="report-error" data-code={state.code}>
            {state.message}
            <button type="button" onClick={() => void model.load()}>
              {t('common.retry')}
            </button>
          </p>
        )}
        {state.kind === 'ready' && <ReportSheet report={state.report} />}
      </main>
      <RecordingsDialog model={recordings} />
    </div>
  );
}

/** The report as a sheet of paper: title, court and case, then its seven sections. */
function ReportSheet({ report }: { report: ActionReport }) {
  const h = report.header;
  return (
    <article className="report-sheet" data-testid="report-sheet">
      <header className="report-title">
        <h2>{t('report.title')}</h2>
        <p className="report-subtitle">
          {h.courtName} {h.caseNumber}
        </p>
        <p className="report-generated">{t('report.generatedAt', { time: reportTime(report.generatedAt) })}</p>
      </header>
      <OverviewSection report={report} />
      <TeamsSection report={report} />
      <TimelineSection report={report} />
      <InstructionsSection report={report} />
      <RecordingsSection report={report} />
      <ChatSection report={report} />
      <WatchersSection report={report} />
    </article>
  );
}
