import { t } from '../lib/i18n.ts';
import { useStore } from '../lib/useStore.ts';
import type { FieldDispatch, GpsState } from './FieldDispatch.ts';

function gpsText(gps: GpsState): string {
  switch (gps.kind) {
    case 'fixed':
      return t('gps.fixed', { metres: Math.round(gps.accuracy) });
    case 'locating':
      return t('gps.locating');
    case 'error':
      return t('gps.error', { message: gps.message });
    case 'off':
      return t('gps.off');
  }
}

/** GPS: locating, fixed ±metres or failed, always visible. */
export function GpsBadge({ dispatch }: { dispatch: FieldDispatch }) {
  const gps = useStore(dispatch.gps);
  return (
    <p className={`gps gps-${gps.kind}`} data-testid="gps-state" data-state={gps.kind}>
      <span className="dot" aria-hidden="true" /> GPS {gpsText(gps)}
    </p>
  );
}
