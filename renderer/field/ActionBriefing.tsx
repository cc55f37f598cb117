import { memo } from 'react';
import type { ActionView } from '../../protocol/action.ts';
import { recordersNeeded } from '../lib/dispatch.ts';
import { formatClauses, formatDateTime, formatList, formatPeople } from '../lib/format.ts';
import { t } from '../lib/i18n.ts';

/** One action as the officer is briefed on it: kind, case, risk, teams, recording duty, who is watching, and whether the team reached the site. */
export const ActionBriefing = memo(function ActionBriefing({ action: a, onSite = null }: { action: ActionView; onSite?: 'arrived' | 'departed' | null }) {
  return (
    <li className={`action-card risk-${a.riskColour} status-${a.status}`} data-testid="field-action" data-action-id={a.id} data-status={a.status}>
      <p className="action-head">
        <span className={`risk-badge risk-${a.riskColour}`}>{t(`risk.${a.riskColour}`)}</span>
        <strong>{t(`actionKind.${a.kind}`)}</strong>
        <span className="action-status">{t(`actionStatus.${a.status}`)}</span>
        {onSite && a.status === 'ongoing' && (
          <span className={`action-site site-${onSite}`} data-testid="field-on-site">
            {t(onSite === 'arrived' ? 'field.arrived' : 'field.departed')}
          </span>
        )}
      </p>
      <p className="muted">
        {a.caseNumber} · {a.courtName} · {t('field.planned', { time: formatDateTime(a.plannedAt) })}
      </p>
      {a.riskReasons.length > 0 && <p className="action-risk">{t('field.risk', { reasons: formatClauses(a.riskReasons.map((r) => r.text)) })}</p>}
      <p className="muted">
        {t('field.teams', { teams: formatList(a.teams.map((team) => team.name)) || '—' })} · {t('field.recording')}
        {recordersNeeded(a.kind) > 1 ? t('field.twoRecorders') : ''}
      </p>
      {a.watchers.length > 0 && (
        <p className="action-watchers" data-testid="action-watchers">
          {t('field.watchers', { names: formatPeople(a.watchers) })}
        </p>
      )}
    </li>
  );
});
