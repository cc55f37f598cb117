import { TEAM_STATUSES } from '../lib/dispatch.ts';
import { t, tBoth, tEn } from '../lib/i18n.ts';
import { useStore } from '../lib/useStore.ts';
import type { FieldDispatch } from './FieldDispatch.ts';

/** My team: the team, its status, and four big buttons to set it. */
export function TeamCard({ dispatch }: { dispatch: FieldDispatch }) {
  const team = useStore(dispatch.team);
  const known = useStore(dispatch.teamKnown);
  const error = useStore(dispatch.teamError);
  return (
    <section className="field-card" aria-labelledby="team-title" data-testid="my-team">
      <h2 id="team-title">
        {t('field.myTeam')} <small>{tEn('field.myTeam')}</small>
      </h2>
      <p className="team-name">
        {team ? t('field.teamName', { team: team.name, court: team.courtName }) : tBoth(known ? 'field.noTeam' : 'field.teamLoading')}
        {team && (
          <span className={`team-status status-${team.status}`} data-testid="team-status" data-status={team.status}>
            {t(`teamStatus.${team.status}`)}
          </span>
        )}
        {team?.lost && <span className="team-lost">{t('teams.lost')}</span>}
      </p>
      <div className="status-buttons" role="group" aria-label={t('field.setStatus')}>
        {TEAM_STATUSES.map((s) => (
          <button
            key={s}
            type="button"
            className={`status-button ${team?.status === s ? 'active' : ''}`}
            aria-pressed={team?.status === s}
            data-testid={`status-${s}`}
            onClick={() => void dispatch.setStatus(s)}
          >
            {t(`teamStatus.${s}`)}
          </button>
        ))}
      </div>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
