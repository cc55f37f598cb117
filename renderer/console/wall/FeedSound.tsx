import { useEffect, useRef, useState } from 'react';
import type { FeedInfo } from '../../../protocol/media.ts';
import { t } from '../../lib/i18n.ts';
import type { Subscription } from '../../lib/Subscription.ts';
import { useStore } from '../../lib/useStore.ts';
import { useConsoleModel } from '../ModelContext.ts';

/** Sound on demand for a focused feed: the microphone of the same terminal, consumed only while switched on. */
export function FeedSound({ feed }: { feed: FeedInfo }) {
  const model = useConsoleModel();
  const feeds = useStore(model.feeds);
  // The terminal's microphone, not a push-to-talk it holds now.
  const audioFeed = feeds.find((f) => f.kind === 'audio' && f.terminalId === feed.terminalId && !f.talk) ?? null;
  const [on, setOn] = useState(false);
  const audio = useRef<HTMLAudioElement>(null);

  useEffect(() => {
    const el = audio.current;
    if (!on || !audioFeed || !el) return;
    let sub: Subscription | null = null;
    let cancelled = false;
    model.media.subscribe(audioFeed).then(
      (s) => {
        if (cancelled) return s.close();
        sub = s;
        el.srcObject = new MediaStream([s.track]);
        el.play().catch(() => undefined);
      },
      () => setOn(false),
    );
    return () => {
      cancelled = true;
      sub?.close();
      el.srcObject = null;
    };
  }, [model, audioFeed, on]);

  return (
    <div className="tile-sound">
      <audio ref={audio} autoPlay />
      <button type="button" data-testid="tile-sound" disabled={!audioFeed} onClick={() => setOn(!on)}>
        {!audioFeed ? t('tile.noSound') : on ? t('tile.soundOff') : t('tile.soundOn')}
      </button>
    </div>
  );
}
