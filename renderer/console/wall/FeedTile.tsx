import { memo, useEffect, useRef, useState } from 'react';
import type { FeedInfo } from '../../../protocol/media.ts';
import { formatTime } from '../../lib/format.ts';
import { t } from '../../lib/i18n.ts';
import { useConsoleModel } from '../ModelContext.ts';

const STATS_INTERVAL_MS = 1000;

/** One live feed on the wall: subscribes on mount, shows the video and its decoded-frame count. */
export const FeedTile = memo(function FeedTile({ feed }: { feed: FeedInfo }) {
  const model = useConsoleModel();
  const videoRef = useRef<HTMLVideoElement>(null);
  const [frames, setFrames] = useState(0);
  const [fps, setFps] = useState(0);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    model.watch(feed).then(
      ({ track }) => {
        if (cancelled || !videoRef.current) return;
        videoRef.current.srcObject = new MediaStream([track]);
        // Muted autoplay is allowed without a user gesture; wall screens have nobody to click.
        videoRef.current.play().catch(() => undefined);
      },
      (err: unknown) => !cancelled && setError(err instanceof Error ? err.message : String(err)),
    );
    let last = 0;
    const timer = setInterval(() => {
      model.framesDecoded(feed.feedId).then((n) => {
        if (cancelled) return;
        setFps(Math.max(0, Math.round(((n - last) * 1000) / STATS_INTERVAL_MS)));
        last = n;
        setFrames(n);
      }, () => undefined /* stats of a closing consumer: the next tick or removal settles it */);
    }, STATS_INTERVAL_MS);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [model, feed]);

  return (
    <figure className="tile" data-testid="feed-tile" data-feed-id={feed.feedId} data-frames-decoded={frames}>
      <video ref={videoRef} muted autoPlay playsInline />
      {frames === 0 && !error && <div className="tile-overlay">{t('wall.waiting')}</div>}
      {error && <div className="tile-overlay tile-error">{error}</div>}
      <figcaption>
        <span className="live">LIVE</span>
        <span className="name">{feed.label}</span>
        <span className="meta">
          {formatTime(feed.startedAt)} · {t('wall.frames')} {frames} · {fps} fps
        </span>
      </figcaption>
    </figure>
  );
});
