import { memo, useEffect, useRef, useState } from 'react';
import type { FeedInfo } from '../../../protocol/media.ts';
import { formatDuration, formatHms } from '../../lib/format.ts';
import { t } from '../../lib/i18n.ts';
import { useNow } from '../../lib/useNow.ts';
import { useConsoleModel } from '../ModelContext.ts';
import { FeedSound } from './FeedSound.tsx';
import { TileLink, type TileView } from './TileLink.ts';
import './tile.css';

const LAYER_NAMES = ['tile.layer0', 'tile.layer1', 'tile.layer2'] as const;

/**
 * One live feed on the wall: its own consumer (TileLink), the layer its rendered size needs, and its
 * state from decoded frames: 连接中 / 直播 / 画面停滞（最后画面 HH:MM:SS）/ 离线. Labelled by team,
 * officer, court and action. A focused tile offers the feed's sound.
 */
export const FeedTile = memo(function FeedTile({ feed, focused = false }: { feed: FeedInfo; focused?: boolean }) {
  const model = useConsoleModel();
  const box = useRef<HTMLElement>(null);
  const videoRef = useRef<HTMLVideoElement>(null);
  const [view, setView] = useState<TileView | null>(null);
  const link = useRef<TileLink | null>(null);
  const now = useNow();

  useEffect(() => {
    const video = videoRef.current;
    const el = box.current;
    if (!video || !el) return;
    const created = new TileLink(model.media, feed, video, setView);
    link.current = created;
    const observer = new ResizeObserver(([entry]) => {
      if (entry) created.resize(entry.contentRect.width, entry.contentRect.height, window.devicePixelRatio || 1);
    });
    observer.observe(el);
    return () => {
      observer.disconnect();
      created.destroy();
      link.current = null;
    };
  }, [model, feed]);
  useEffect(() => link.current?.focus(focused), [focused, feed]);

  const state = view?.state ?? { kind: 'connecting' as const };
  const layer = view?.layer ?? null;
  return (
    <figure
      ref={box}
      className={`tile tile-${state.kind}`}
      data-testid="feed-tile"
      data-feed-id={feed.feedId}
      data-state={state.kind}
      data-frames-decoded={view?.frames ?? 0}
      data-layer={layer ?? ''}
      data-wanted-layer={view?.wanted ?? 0}
    >
      <video ref={videoRef} muted autoPlay playsInline />
      {state.kind === 'connecting' && <div className="tile-overlay">{t('tile.connecting')}</div>}
      {state.kind === 'offline' && <div className="tile-overlay tile-error">{t('tile.offline')}</div>}
      {state.kind === 'stalled' && (
        <div className="tile-overlay tile-stalled" data-testid="tile-stalled">
          {t('tile.stalled', { time: formatHms(state.lastFrameAt) })}
        </div>
      )}
      <header className="tile-head">
        <span className={`tile-badge badge-${state.kind}`}>{t(`tile.state.${state.kind}`)}</span>
        <span className="tile-team">{feed.teamName ?? t('tile.noTeam')}</span>
        <span className="tile-officer">{feed.officer}</span>
        {feed.caseNumber && <span className="tile-action">{t('tile.onAction', { caseNumber: feed.caseNumber })}</span>}
      </header>
      <figcaption>
        <span className="name">{feed.courtName}</span>
        <span className="tile-device">{feed.label}</span>
        <span className="meta">
          {t('tile.liveFor', { duration: formatDuration(now - Date.parse(feed.startedAt)) })}
          {layer !== null && ` · ${t(LAYER_NAMES[layer] ?? 'tile.layer2')}`}
          {state.kind === 'live' && ` · ${view?.fps ?? 0} fps`}
        </span>
      </figcaption>
      {focused && <FeedSound feed={feed} />}
    </figure>
  );
});
