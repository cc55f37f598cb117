import { shallowEqual } from '../../../lib/shallowEqual.ts';
import { t } from '../../../lib/i18n.ts';
import { useStoreSelector } from '../../../lib/useStoreSelector.ts';
import type { Warning } from '../../../../protocol/warning.ts';
import { useConsoleModel } from '../../ModelContext.ts';

const openSos = (list: readonly Warning[]) => list.filter((w) => w.kind === 'sos' && w.acknowledgedAt === null && w.position !== null);

/** Open SOS calls over the map, flashing: one click centres the map on the caller. */
export function SosAlerts() {
  const c = useConsoleModel();
  const sos = useStoreSelector(c.dispatch.warnings, openSos, shallowEqual);
  if (sos.length === 0) return null;
  return (
    <div className="map-sos" role="alert" data-testid="map-sos">
      {sos.map((w) => (
        <button key={w.id} type="button" className="sos-flash" data-testid="map-sos-centre" onClick={() => w.position && c.map.flyTo(w.position.lng, w.position.lat, 15)}>
          {t('map.sosCentre', { text: w.raisedBy?.name ?? w.text })}
        </button>
      ))}
    </div>
  );
}
