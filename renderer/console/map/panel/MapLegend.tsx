import { useMemo } from 'react';
import { RISK_COLOURS } from '../../../../protocol/domain.ts';
import { formatCount } from '../../../lib/format.ts';
import { t } from '../../../lib/i18n.ts';
import { useStore } from '../../../lib/useStore.ts';
import { TEAM_STATUSES } from '../../../lib/dispatch.ts';
import { countByColour } from '../caseColumns.ts';
import type { MapModel } from '../MapModel.ts';
import { HeatScale } from './HeatScale.tsx';

/** The legend, which is also the colour toggle: 红黄蓝绿 with how many cases each, then team statuses. */
export function MapLegend({ model }: { model: MapModel }) {
  const cases = useStore(model.cases);
  const mask = useStore(model.mask);
  const shown = useStore(model.shown);
  const layers = useStore(model.layers);
  const counts = useMemo(() => (cases.kind === 'ready' ? countByColour(cases.value.columns, mask) : null), [cases, mask]);
  return (
    <aside className="map-legend" aria-label={t('map.legend')} data-testid="map-legend">
      <div className="legend-title">{t('map.legendCases')}</div>
      <ul className="legend-colours">
        {RISK_COLOURS.map((c) => (
          <li key={c}>
            <button
              type="button"
              className={`legend-colour ${shown.has(c) ? '' : 'off'}`}
              aria-pressed={shown.has(c)}
              data-testid={`legend-${c}`}
              onClick={() => model.toggleColour(c)}
            >
              <span className={`swatch swatch-${c}`} />
              {t(`risk.${c}`)}
              <b>{counts ? formatCount(counts[c]) : '…'}</b>
            </button>
          </li>
        ))}
      </ul>
      {layers.teams && (
        <>
          <div className="legend-title">{t('map.legendTeams')}</div>
          <ul className="legend-teams">
            {TEAM_STATUSES.map((s) => (
              <li key={s}>
                <span className={`swatch ring team-${s}`} />
                {t(`teamStatus.${s}`)}
              </li>
            ))}
            <li>
              <span className="swatch ring team-lost" />
              {t('map.lost')}
            </li>
          </ul>
        </>
      )}
      {layers.heat && <HeatScale />}
    </aside>
  );
}
