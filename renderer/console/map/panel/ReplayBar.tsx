import { formatClock } from '../../../lib/format.ts';
import { t } from '../../../lib/i18n.ts';
import { useStore } from '../../../lib/useStore.ts';
import type { MapModel } from '../MapModel.ts';
import { REPLAY_SPEEDS } from '../ReplayModel.ts';

/** Track replay's controls: play or pause, the time slider, the speed, and back to live. */
export function ReplayBar({ model }: { model: MapModel }) {
  const replay = model.replay;
  const state = useStore(replay.state);
  const time = useStore(replay.time);
  const playing = useStore(replay.playing);
  const speed = useStore(replay.speed);
  if (state.kind === 'idle') return null;
  return (
    <div className="map-replay" data-testid="replay-bar" data-state={state.kind}>
      <b>{t('replay.title')}</b>
      {state.kind === 'loading' && <span className="muted">{t('replay.loading')}</span>}
      {state.kind === 'error' && <span className="tile-error">{state.message}</span>}
      {state.kind === 'ready' && (
        <>
          <button type="button" className="map-toggle" data-testid="replay-play" onClick={() => (playing ? replay.pause() : replay.play())}>
            {playing ? t('replay.pause') : t('replay.play')}
          </button>
          <input
            type="range"
            min={0}
            max={Math.max(1, Math.round(state.span))}
            step={1}
            value={Math.round(time)}
            aria-label={t('replay.time')}
            data-testid="replay-slider"
            onChange={(e) => {
              replay.pause();
              replay.seek(Number(e.target.value));
            }}
          />
          <span className="replay-clock" data-testid="replay-clock">
            {formatClock(state.origin + time * 1000)}
          </span>
          <select aria-label={t('replay.speed')} value={speed} data-testid="replay-speed" onChange={(e) => replay.setSpeed(Number(e.target.value))}>
            {REPLAY_SPEEDS.map((s) => (
              <option key={s} value={s}>
                {t('replay.speedTimes', { n: s })}
              </option>
            ))}
          </select>
          <span className="muted small" data-testid="replay-teams">
            {state.tracks.every((x) => x.timestamps.length === 0) ? t('replay.empty') : t('replay.teams', { n: state.tracks.length })}
            {state.truncated && ` · ${t('replay.truncated')}`}
          </span>
        </>
      )}
      <button type="button" className="map-toggle" data-testid="replay-close" onClick={() => replay.close()}>
        {t('replay.close')}
      </button>
    </div>
  );
}
