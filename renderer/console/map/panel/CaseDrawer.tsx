import { ReportLink } from '../../report/ReportLink.tsx';
import { RoomLink } from '../../room/RoomLink.tsx';
import type { CaseDetail } from '../../../../protocol/api.ts';
import { STAGE_NAMES } from '../../../../protocol/domain.ts';
import { formatClauses, formatCount, formatDateTime, formatList } from '../../../lib/format.ts';
import { t } from '../../../lib/i18n.ts';
import { useStore } from '../../../lib/useStore.ts';
import { useConsoleModel } from '../../ModelContext.ts';
import type { MapModel } from '../MapModel.ts';

/** A case opened from the map: who, how much, where it stands, why its colour, its team (one click to instruct it), timeline and actions. */
export function CaseDrawer({ model }: { model: MapModel }) {
  const detail = useStore(model.caseDetail);
  return (
    <aside className="map-drawer" aria-label={t('drawer.title')} data-testid="case-drawer">
      <button type="button" className="drawer-close" aria-label={t('drawer.close')} onClick={() => model.closeSelection()}>
        ×
      </button>
      {(!detail || detail.kind === 'loading') && <p className="muted">{t('drawer.loading')}</p>}
      {detail?.kind === 'error' && <p className="tile-error">{detail.message}</p>}
      {detail?.kind === 'ready' && <CaseBody c={detail.value} model={model} />}
    </aside>
  );
}

function CaseBody({ c, model }: { c: CaseDetail; model: MapModel }) {
  const consoleModel = useConsoleModel();
  const teams = useStore(consoleModel.dispatch.teams);
  // The composer lives in the full console's dispatch column; a map-only page has none to bring up.
  const canIssue = useStore(consoleModel.dispatch.canIssue) && consoleModel.layout.page === 'console';
  const team = c.teamId ? teams.find((x) => x.id === c.teamId) : undefined;
  const left = c.stageWorkdaysLeft;
  return (
    <>
      <h2 className="drawer-head">
        <span className={`risk-badge risk-${c.riskColour}`} data-testid="drawer-colour">
          {t(`risk.${c.riskColour}`)}
        </span>
        <span data-testid="drawer-case-number">{c.caseNumber}</span>
      </h2>
      <p className="muted small">{c.courtName}</p>
      <dl className="drawer-facts">
        <dt>{t('drawer.applicant')}</dt>
        <dd>{c.applicant}</dd>
        <dt>{t('drawer.respondent')}</dt>
        <dd>{c.respondent}</dd>
        <dt>{t('drawer.amount')}</dt>
        <dd>{t('drawer.yuan', { n: formatCount(c.amountYuan) })}</dd>
        <dt>{t('drawer.stage')}</dt>
        <dd data-testid="drawer-stage">
          {STAGE_NAMES[c.stage]}
          {c.stageDueOn && (
            <span className={c.overdue ? 'overdue' : 'muted'}>
              {' · '}
              {t('drawer.due', { day: c.stageDueOn })}
              {left !== null && (left < 0 ? t('drawer.overdueDays', { n: -left }) : t('drawer.daysLeft', { n: left }))}
            </span>
          )}
        </dd>
        {c.supervision && (
          <>
            <dt>{t('drawer.supervision')}</dt>
            <dd data-testid="drawer-supervision">
              <span className={`risk-badge risk-${c.supervision.colour}`}>{t(`risk.${c.supervision.colour}`)}</span>{' '}
              {t('drawer.supervisionDays', { n: c.supervision.elapsedDays, to: formatList(c.supervision.pushedTo) })}
            </dd>
          </>
        )}
        {c.tags.length > 0 && (
          <>
            <dt>{t('drawer.tags')}</dt>
            <dd>{formatList(c.tags)}</dd>
          </>
        )}
        <dt>{t('drawer.reasons')}</dt>
        <dd data-testid="drawer-reasons">{c.riskReasons.length > 0 ? formatClauses(c.riskReasons.map((r) => r.text)) : t('drawer.none')}</dd>
        <dt>{t('drawer.team')}</dt>
        <dd>
          {team ? (
            <>
              <button type="button" className="link-button" onClick={() => model.selectTeam(team.id)}>
                {team.name}
              </button>{' '}
              <span className={`team-status status-${team.status}`}>{t(`teamStatus.${team.status}`)}</span>
            </>
          ) : (
            t('drawer.noTeam')
          )}
        </dd>
      </dl>
      {team && canIssue && (
        <button type="button" className="drawer-action" data-testid="drawer-instruct" onClick={() => model.instructTeam(team.id)}>
          {t('drawer.instruct', { team: team.name })}
        </button>
      )}
      {c.actions.length > 0 && (
        <section>
          <h3>{t('drawer.actions')}</h3>
          <ul className="drawer-list">
            {c.actions.map((a) => (
              <li key={a.id}>
                {t(`actionKind.${a.kind}`)} · {formatDateTime(a.plannedAt)} · {t(`actionStatus.${a.status}`)}{' '}
                {a.status !== 'planned' && a.status !== 'cancelled' && (
                  <button type="button" className="link-button" data-testid="drawer-replay-action" onClick={() => void model.replay.action(a.id)}>
                    {t('replay.action')}
                  </button>
                )}{' '}
                {a.status !== 'cancelled' && <RoomLink actionId={a.id} />}
                {(a.status === 'finished' || a.status === 'cancelled') && <ReportLink actionId={a.id} />}
              </li>
            ))}
          </ul>
        </section>
      )}
      <section>
        <h3>{t('drawer.timeline')}</h3>
        <ol className="drawer-list timeline" data-testid="drawer-timeline">
          {c.timeline.map((e, i) => (
            <li key={`${e.at}-${i}`}>
              <span className="muted small">{formatDateTime(e.at)}</span> {e.text}
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}
