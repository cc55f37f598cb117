import type { FeedInfo } from '../../../protocol/media.ts';
import { t } from '../../lib/i18n.ts';
import { PanelTitle } from '../../lib/PanelTitle.tsx';
import { shallowEqual } from '../../lib/shallowEqual.ts';
import { useStoreSelector } from '../../lib/useStoreSelector.ts';
import { useConsoleModel } from '../ModelContext.ts';
import { FeedTile } from './FeedTile.tsx';

const videoFeeds = (feeds: readonly FeedInfo[]) => feeds.filter((f) => f.kind === 'video');

/** The wall of live body-cam feeds: one tile per video feed, in a grid that fills the screen. */
export function VideoWall() {
  // Audio feeds come and go with their video; the wall renders again only when the video tiles change.
  const video = useStoreSelector(useConsoleModel().feeds, videoFeeds, shallowEqual);
  const columns = Math.max(1, Math.ceil(Math.sqrt(video.length)));
  return (
    <section className="panel wall" aria-labelledby="wall-title">
      <PanelTitle id="wall-title" title="wall.title" count={video.length} testId="feed-count" />
      {video.length === 0 ? (
        <p className="empty">{t('wall.empty')}</p>
      ) : (
        <div className="wall-grid" style={{ gridTemplateColumns: `repeat(${columns}, 1fr)` }}>
          {video.map((f) => (
            <FeedTile key={f.feedId} feed={f} />
          ))}
        </div>
      )}
    </section>
  );
}
