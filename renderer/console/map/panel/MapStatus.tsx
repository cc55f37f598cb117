import { formatCount } from '../../../lib/format.ts';
import { t } from '../../../lib/i18n.ts';
import type { Store } from '../../../lib/store.ts';
import { useStore } from '../../../lib/useStore.ts';
import type { MapModel } from '../MapModel.ts';

/** A line in the map's corner: loading, how many cases are on it (and their bytes), or what failed. */
export function MapStatus({ model, error }: { model: MapModel; error: Store<string | null> }) {
  const config = useStore(model.config);
  const cases = useStore(model.cases);
  const failed = useStore(error);
  let text: string;
  if (config.kind === 'error') text = config.message;
  else if (failed) text = failed;
  else if (cases.kind === 'loading') text = t('map.loading');
  else if (cases.kind === 'error') text = cases.message;
  else text = t('map.caseCount', { n: formatCount(cases.value.cases.count), kb: formatCount(Math.round(cases.value.bytes / 1024)) });
  const bad = config.kind === 'error' || failed !== null || cases.kind === 'error';
  return (
    <div className={`map-status ${bad ? 'tile-error' : ''}`} data-testid="map-status" data-state={cases.kind} data-count={cases.kind === 'ready' ? cases.value.cases.count : undefined}>
      {text}
    </div>
  );
}
