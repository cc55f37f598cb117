import { CASE_STAGES, STAGE_NAMES } from '../../../../protocol/domain.ts';
import type { MapCaseFlag } from '../../../../protocol/mapCases.ts';
import { t, type PlainKey } from '../../../lib/i18n.ts';
import { useStore } from '../../../lib/useStore.ts';
import type { LayerToggles, MapModel } from '../MapModel.ts';

const LAYERS: readonly [keyof LayerToggles, PlainKey][] = [
  ['heat', 'map.layerHeat'],
  ['courts', 'map.layerCourts'],
  ['teams', 'map.layerTeams'],
  ['actions', 'map.layerActions'],
];

/** The tags the map filters on, as the server flags them (shown only when its answer carries the flag). */
const TAGS: readonly [MapCaseFlag, PlainKey][] = [
  ['mass', 'map.tagMass'],
  ['stability', 'map.tagStability'],
  ['key', 'map.tagKey'],
];

/** Layer toggles and the case filters: stage, overdue, tags. */
export function MapToolbar({ model }: { model: MapModel }) {
  const layers = useStore(model.layers);
  const filter = useStore(model.filter);
  const cases = useStore(model.cases);
  const flags = cases.kind === 'ready' ? cases.value.cases.header.flags : [];
  return (
    <div className="map-toolbar" data-testid="map-toolbar">
      <div className="toolbar-group" role="group" aria-label={t('map.layers')}>
        {LAYERS.map(([key, label]) => (
          <button key={key} type="button" className="map-toggle" aria-pressed={layers[key]} data-testid={`layer-${key}`} onClick={() => model.toggleLayer(key)}>
            {t(label)}
          </button>
        ))}
      </div>
      <div className="toolbar-group" role="group" aria-label={t('map.filters')}>
        <select
          aria-label={t('map.filterStage')}
          data-testid="filter-stage"
          value={[...filter.stages][0] ?? ''}
          onChange={(e) => model.setFilter({ stages: new Set(CASE_STAGES.filter((s) => s === e.target.value)) })}
        >
          <option value="">{t('map.allStages')}</option>
          {CASE_STAGES.filter((s) => s !== 'closed').map((s) => (
            <option key={s} value={s}>
              {STAGE_NAMES[s]}
            </option>
          ))}
        </select>
        <button type="button" className="map-toggle" aria-pressed={filter.overdueOnly} data-testid="filter-overdue" onClick={() => model.setFilter({ overdueOnly: !filter.overdueOnly })}>
          {t('map.overdueOnly')}
        </button>
        {TAGS.filter(([flag]) => flags.includes(flag)).map(([flag, label]) => (
          <button key={flag} type="button" className="map-toggle" aria-pressed={filter.tags.has(flag)} data-testid={`filter-${flag}`} onClick={() => model.toggleTag(flag)}>
            {t(label)}
          </button>
        ))}
      </div>
    </div>
  );
}
