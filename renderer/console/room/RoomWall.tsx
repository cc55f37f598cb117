import type { ActionView } from '../../../protocol/action.ts';
import type { FeedInfo } from '../../../protocol/media.ts';
import { recordersNeeded } from '../../lib/dispatch.ts';
import { t } from '../../lib/i18n.ts';
import { shallowEqual } from '../../lib/shallowEqual.ts';
import { useStoreSelector } from '../../lib/useStoreSelector.ts';
import { useConsoleModel } from '../ModelContext.ts';
import { FeedTile } from '../wall/FeedTile.tsx';

/** The action's body cams on a wall section of its own, with how many are live against what its kind requires. */
export function RoomWall({ action }: { action: ActionView }) {
  const c = useConsoleModel();
  const feeds = useStoreSelector(c.feeds, (all: readonly FeedInfo[]) => all.filter((f) => f.kind === 'video' && f.actionId === action.id && !f.talk), shallowEqual);
  const needed = recordersNeeded(action.kind);
  const short = feeds.length < needed;
  const columns = Math.max(1, Math.ceil(Math.sqrt(feeds.length)));
  return (
    <section className="panel room-wall" aria-labelledby="room-wall-title" data-testid="room-wall">
      <h2 id="room-wall-title">
        {t('actionRoom.feeds')}
        <span className={`room-recorders ${short ? 'is-short' : ''}`} data-testid="room-recorders" data-live={feeds.length} data-needed={needed}>
          {t('actionRoom.recorders', { live: feeds.length, needed })}
        </span>
      </h2>
      {short && (
        <p className="room-warn" role="alert" data-testid="room-recorders-warning">
          {t('actionRoom.recordersShort', { kind: t(`actionKind.${action.kind}`), needed })}
        </p>
      )}
      {feeds.length === 0 ? (
        <p className="empty">{t('actionRoom.noFeeds')}</p>
      ) : (
        <div className="room-grid" style={{ gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))` }}>
          {feeds.map((f) => (
            <div key={f.feedId} className="room-cell">
              <FeedTile feed={f} />
            </div>
          ))}
        </div>
      )}
    </section>
  );
}
