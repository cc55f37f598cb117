import { useEffect, useState } from 'react';
import { t } from '../../../lib/i18n.ts';
import { useStore } from '../../../lib/useStore.ts';
import { useCourtNames } from '../../dispatch/teams/useCourtNames.ts';
import { useConsoleModel } from '../../ModelContext.ts';
import type { MapModel } from '../MapModel.ts';

/** How long typing pauses before the search goes out. */
const DEBOUNCE_MS = 250;

/** Finds a case by 案号 or party, or a team by name, and flies to the one picked. */
export function SearchBox({ model }: { model: MapModel }) {
  const [q, setQ] = useState('');
  const result = useStore(model.search);
  const courts = useCourtNames(useConsoleModel().courts);
  useEffect(() => {
    const id = setTimeout(() => void model.find(q), DEBOUNCE_MS);
    return () => clearTimeout(id);
  }, [q, model]);
  const answer = result?.kind === 'ready' ? result.value : null;
  return (
    <div className="map-search" role="search">
      <input
        type="search"
        value={q}
        maxLength={64}
        placeholder={t('map.search')}
        aria-label={t('map.search')}
        data-testid="map-search"
        onChange={(e) => setQ(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') setQ('');
        }}
      />
      {result?.kind === 'error' && <p className="search-results tile-error small">{result.message}</p>}
      {answer && (
        <ul className="search-results" data-testid="search-results">
          {answer.cases.length === 0 && answer.teams.length === 0 && <li className="muted">{t('map.searchNone')}</li>}
          {answer.cases.map((c) => (
            <li key={c.id}>
              <button type="button" data-testid="search-case" data-case-id={c.id} onClick={() => { setQ(''); model.pickCase(c); }}>
                <span className={`swatch swatch-${c.riskColour}`} />
                <b>{c.caseNumber}</b> <span className="muted">{c.applicant} / {c.respondent}</span>
              </button>
            </li>
          ))}
          {answer.teams.map((team) => (
            <li key={team.id}>
              <button type="button" data-testid="search-team" data-team-id={team.id} onClick={() => { setQ(''); model.pickTeam(team); }}>
                <span className={`swatch ring team-${team.status}`} />
                <b>{team.name}</b> <span className="muted">{courts.get(team.courtId) ?? ''} · {t(`teamStatus.${team.status}`)}</span>
              </button>
            </li>
          ))}
          {answer.more && <li className="muted small">{t('map.searchMore')}</li>}
        </ul>
      )}
    </div>
  );
}
