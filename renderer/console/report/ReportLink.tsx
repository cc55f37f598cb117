import { t } from '../../lib/i18n.ts';

/** 行动报告: opens the report of a finished or cancelled action in this window (the console's own address, so Electron lets it navigate). */
export function ReportLink({ actionId }: { actionId: string }) {
  return (
    <a className="room-link" href={`/console?report=${encodeURIComponent(actionId)}`} data-testid="report-link" data-action-id={actionId}>
      {t('report.open')}
    </a>
  );
}
