import { formatTime } from '../../lib/format.ts';
import { t, tEn, type PlainKey } from '../../lib/i18n.ts';
import { useStore } from '../../lib/useStore.ts';
import type { ConsoleModel, SyncState } from '../ConsoleModel.ts';

const LOOK: Record<SyncState['kind'], { key: PlainKey; badge: string }> = {
  stale: { key: 'sync.stale', badge: 'badge-stale' },
  syncing: { key: 'sync.syncing', badge: 'badge-connecting' },
  synced: { key: 'sync.synced', badge: 'badge-connected' },
  partial: { key: 'sync.partial', badge: 'badge-error' },
};

/**
 * Whether the dispatch lists hold what the server holds: after a reconnect they are read again
 * (sync.syncing), and until then an operator must not trust a state shown from before the cut.
 */
export function SyncBadge({ model }: { model: ConsoleModel }) {
  const sync = useStore(model.sync);
  const look = LOOK[sync.kind];
  return (
    <span className={`badge ${look.badge}`} data-testid="sync-state" data-state={sync.kind} title={tEn(look.key)} aria-live="polite">
      <span className="dot" aria-hidden="true" />
      {t(look.key)}
      {sync.kind === 'synced' && <small>{formatTime(new Date(sync.at).toISOString())}</small>}
      {sync.kind === 'partial' && (
        <button type="button" data-testid="sync-retry" onClick={() => void model.resync()}>
          {t('common.retry')}
        </button>
      )}
    </span>
  );
}
