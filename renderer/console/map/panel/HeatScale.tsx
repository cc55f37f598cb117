import { t } from '../../../lib/i18n.ts';

/** The heatmap's fixed scale: low to high weighted risk (红 weighs most). */
export function HeatScale() {
  return (
    <div className="heat-scale" data-testid="heat-scale">
      <div className="legend-title">{t('map.layerHeat')}</div>
      <div className="heat-bar" />
      <div className="heat-ends">
        <span>{t('map.heatLow')}</span>
        <span>{t('map.heatHigh')}</span>
      </div>
    </div>
  );
}
