import type { FeedInfo } from '../../../protocol/media.ts';
import { t } from '../../lib/i18n.ts';
import { PanelTitle } from '../../lib/PanelTitle.tsx';
import { shallowEqual } from '../../lib/shallowEqual.ts';
import { useStore } from '../../lib/useStore.ts';
import { useStoreSelector } from '../../lib/useStoreSelector.ts';
import { inScope } from '../courts/courtTree.ts';
import { useSubtree } from '../courts/useSubtree.ts';
import { useConsoleModel } from '../ModelContext.ts';
import { FeedTile } from './FeedTile.tsx';

const videoFeeds = (feeds: readonly FeedInfo[]) => feeds.filter((f) => f.kind === 'video');

/** Whether a feed's label names one of `names` (a team or its officers: feeds carry no team yet). */
function matches(feed: FeedInfo, names: readonly string[] | null): boolean {
  return names !== null && names.some((n) => feed.label.includes(n));
}

/** The wall of live body-cam feeds: one tile per video feed, in a grid that fills the screen; 查看视频 on the map brings a team's feeds first. */
export function VideoWall() {
  const c = useConsoleModel();
  // Audio feeds come and go with their video; the wall renders again only when the video tiles change.
  const all = useStoreSelector(c.feeds, videoFeeds, shallowEqual);
  const focus = useStore(c.layout.wallFocus);
  const subtree = useSubtree();
  const inView = subtree ? all.filter((f) => inScope(subtree, f.courtId)) : all;
  const video = focus ? [...inView.filter((f) => matches(f, focus)), ...inView.filter((f) => !matches(f, focus))] : inView;
  const columns = Math.max(1, Math.ceil(Math.sqrt(video.length)));
  return (
    <section className="panel wall" aria-labelledby="wall-title" data-testid="video-wall">
      <PanelTitle id="wall-title" title="wall.title" count={video.length} testId="feed-count" />
      {video.length === 0 ? (
        <p className="empty">{t('wall.empty')}</p>
      ) : (
        <div className="wall-grid" style={{ gridTemplateColumns: `repeat(${columns}, 1fr)` }}>
          {video.map((f) => (
            <div key={f.feedId} className={matches(f, focus) ? 'wall-cell tile-focus' : 'wall-cell'}>
              <FeedTile feed={f} />
            </div>
          ))}
        </div>
      )}
    </section>
  );
}
