import { t } from '../../../lib/i18n.ts';
import { useStore } from '../../../lib/useStore.ts';
import { courtPath, rootCourt } from '../../courts/courtTree.ts';
import { useConsoleModel } from '../../ModelContext.ts';

/** Where the drill-down stands: the caller's court down to the chosen one; a crumb leads back up. */
export function Breadcrumbs() {
  const c = useConsoleModel();
  const state = useStore(c.courts.state);
  const focus = useStore(c.scope);
  if (state.kind !== 'ready') return null;
  const root = rootCourt(state.courts);
  if (!root) return null;
  const path = courtPath(state.courts, focus ?? root.id);
  return (
    <nav className="map-crumbs" aria-label={t('map.crumbs')} data-testid="map-crumbs">
      {path.map((court, i) => {
        const last = i === path.length - 1;
        return (
          <span key={court.id}>
            {i > 0 && <span className="crumb-sep">›</span>}
            <button
              type="button"
              className={last ? 'crumb current' : 'crumb'}
              aria-current={last ? 'location' : undefined}
              disabled={last}
              data-testid="map-crumb"
              onClick={() => c.map.drill(court.id === root.id ? null : court.id)}
            >
              {court.shortName}
            </button>
          </span>
        );
      })}
    </nav>
  );
}
