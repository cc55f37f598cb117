import { useEffect, useState } from 'react';
import { t } from '../../lib/i18n.ts';
import { PanelTitle } from '../../lib/PanelTitle.tsx';
import { useStore } from '../../lib/useStore.ts';
import { browserKeep } from '../layout/Layout.ts';
import { useConsoleModel } from '../ModelContext.ts';
import { FeedList } from './FeedList.tsx';
import { useTeamParam } from './useTeamParam.ts';
import { useWallKeys } from './useWallKeys.ts';
import { WallGrid } from './WallGrid.tsx';
import { WallModel } from './WallModel.ts';
import { WallToolbar } from './WallToolbar.tsx';
import './wall.css';

/**
 * The live video wall: 1 to 36 slots that keep their feeds, filled by drag (teams, feeds, other
 * slots) or a click in 在线画面; pins, double-click focus, patrol. Saved per user and page.
 */
export function VideoWall({ userId }: { userId: string }) {
  const c = useConsoleModel();
  const [wall] = useState(() => new WallModel({ feeds: c.feeds, scope: c.scope, courts: c.courts.state, layout: c.layout, keep: browserKeep, userId }));
  useEffect(() => () => wall.close(), [wall]);
  useTeamParam(c.layout);
  useWallKeys(wall);
  const count = useStore(wall.live).length;
  const [feedsOpen, setFeedsOpen] = useState(false);
  return (
    <section className={`panel wall${feedsOpen ? ' feeds-open' : ''}`} aria-labelledby="wall-title" data-testid="video-wall">
      <div className="wall-head">
        <PanelTitle id="wall-title" title="wall.title" count={count} testId="feed-count" />
        <button type="button" className="wall-feeds-toggle" aria-pressed={feedsOpen} data-testid="wall-feeds-toggle" onClick={() => setFeedsOpen(!feedsOpen)}>
          {t('wall.feeds')} {count}
        </button>
      </div>
      <WallToolbar wall={wall} />
      <div className="wall-body">
        <WallGrid wall={wall} />
        <FeedList wall={wall} />
      </div>
    </section>
  );
}
