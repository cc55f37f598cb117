import { useMemo } from 'react';
import { t } from '../../lib/i18n.ts';
import { useStore } from '../../lib/useStore.ts';
import { FEED_DRAG } from './dragTypes.ts';
import { feedKey } from './wallLayout.ts';
import type { WallModel } from './WallModel.ts';

/** 在线画面: every video feed in scope (team, officer, court, action); a click puts it on the wall, a drag puts it on a chosen slot. */
export function FeedList({ wall }: { wall: WallModel }) {
  const live = useStore(wall.live);
  const { slots, size } = useStore(wall.state);
  const shownAt = useMemo(() => {
    const at = new Map<string, number>();
    for (let i = 0; i < size; i++) {
      const feed = slots[i]?.feed;
      if (feed) at.set(feedKey(feed), i);
    }
    return at;
  }, [slots, size]);
  return (
    <aside className="wall-feeds" aria-label={t('wall.feeds')} data-testid="wall-feed-list">
      <h3>
        {t('wall.feeds')} <span className="count">{live.length}</span>
      </h3>
      {live.length === 0 ? (
        <p className="empty">{t('wall.feedsEmpty')}</p>
      ) : (
        <ul>
          {live.map((f) => {
            const at = shownAt.get(feedKey(f));
            return (
              <li key={f.feedId}>
                <button
                  type="button"
                  className={at === undefined ? 'wall-feed' : 'wall-feed on-wall'}
                  draggable
                  title={t('wall.feedPlace')}
                  data-testid="wall-feed"
                  data-feed-id={f.feedId}
                  data-terminal-id={f.terminalId}
                  data-slot={at ?? ''}
                  onClick={() => wall.placeFeed(f.feedId)}
                  onDragStart={(e) => {
                    e.dataTransfer.setData(FEED_DRAG, f.feedId);
                    e.dataTransfer.effectAllowed = 'copy';
                  }}
                >
                  <span className="feed-team">{f.teamName ?? t('wall.noTeam')}</span>
                  <span className="feed-officer">{f.officer}</span>
                  {at !== undefined && <span className="feed-slot">{t('wall.slot', { n: at + 1 })}</span>}
                  <span className="feed-court muted">{f.courtName}</span>
                  <span className="feed-action muted">{f.caseNumber ?? t('wall.noAction')}</span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </aside>
  );
}
