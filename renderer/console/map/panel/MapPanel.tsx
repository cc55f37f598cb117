import { useEffect, useRef, useState } from 'react';
import { t } from '../../../lib/i18n.ts';
import { Store } from '../../../lib/store.ts';
import { useStore } from '../../../lib/useStore.ts';
import { useConsoleModel } from '../../ModelContext.ts';
import { MapStage } from '../MapStage.ts';
import { Breadcrumbs } from './Breadcrumbs.tsx';
import { CaseDrawer } from './CaseDrawer.tsx';
import { MapLegend } from './MapLegend.tsx';
import { MapStatus } from './MapStatus.tsx';
import { MapToolbar } from './MapToolbar.tsx';
import { ReplayBar } from './ReplayBar.tsx';
import { SearchBox } from './SearchBox.tsx';
import { SosAlerts } from './SosAlerts.tsx';
import { TeamCard } from './TeamCard.tsx';

/**
 * The console map: the base map with deck.gl over it (MapStage), and around it the search box,
 * breadcrumbs, layer toggles and filters, the legend, the 南海诸岛 inset, SOS alerts, and the case
 * drawer or team card of what was clicked.
 */
export function MapPanel() {
  const consoleModel = useConsoleModel();
  const model = consoleModel.map;
  const container = useRef<HTMLDivElement>(null);
  const inset = useRef<HTMLDivElement>(null);
  const [error] = useState(() => new Store<string | null>(null));
  const config = useStore(model.config);
  const selection = useStore(model.selection);

  useEffect(() => {
    const el = container.current;
    if (!el) return;
    consoleModel.courts.start();
    void model.start();
    const stage = new MapStage({ console: consoleModel, model, error });
    void stage.mount(el, inset.current);
    return () => {
      stage.close();
      consoleModel.courts.stop();
    };
  }, [consoleModel, model, error]);

  const schematic = config.kind === 'ready' && config.value.schematic;
  return (
    <section className="panel map-panel" aria-label={t('map.title')} data-testid="map-panel">
      <div className="map-canvas" ref={container} data-testid="map-canvas" />
      <div className="map-top">
        <SearchBox model={model} />
        <Breadcrumbs />
      </div>
      <MapToolbar model={model} />
      <MapLegend model={model} />
      {schematic && (
        <div className="map-schematic" data-testid="map-schematic">
          {t('map.schematic')}
        </div>
      )}
      <div className={`map-inset ${config.kind === 'ready' && config.value.demo ? '' : 'hidden'}`} aria-label={t('map.inset')}>
        <div className="map-inset-canvas" ref={inset} />
        <span className="map-inset-label">{t('map.inset')}</span>
      </div>
      <SosAlerts />
      <MapStatus model={model} error={error} />
      {selection?.kind === 'case' && <CaseDrawer model={model} />}
      {selection?.kind === 'team' && <TeamCard teamId={selection.id} />}
      <ReplayBar model={model} />
    </section>
  );
}
