import { memo } from 'react';
import type { RecordingView } from '../../../../protocol/recording.ts';
import { t } from '../../../lib/i18n.ts';
import { useStoreSelector } from '../../../lib/useStoreSelector.ts';
import { RecordingHash } from './RecordingHash.tsx';
import { formatBytes, formatSpan, mediaUrl, type RecordingsModel } from './RecordingsModel.ts';
import { RecordingVerify } from './RecordingVerify.tsx';

/** One segment: team, officer, time span, size, hash, 录制中/已封存; play, download and 校验. */
export const RecordingRow = memo(function RecordingRow({ model, recording: r }: { model: RecordingsModel; recording: RecordingView }) {
  const playing = useStoreSelector(model.playing, (id) => id === r.id);
  const sealed = r.state === 'sealed';
  return (
    <tr className={playing ? 'selected' : ''} data-testid="recording-row" data-recording-id={r.id} data-state={r.state}>
      <td>{r.teamName ?? t('recordings.noTeam')}</td>
      <td>
        {r.officer}
        {r.kind === 'audio' && <span className="muted small"> · {t('recordings.audio')}</span>}
      </td>
      <td className="nowrap">{formatSpan(r.startedAt, r.endedAt)}</td>
      <td className="nowrap">{r.bytes !== null ? formatBytes(r.bytes) : '—'}</td>
      <td>{r.sha256 ? <RecordingHash sha256={r.sha256} /> : <span className="muted small">{t(sealed ? 'recordings.noHash' : 'recordings.pending')}</span>}</td>
      <td>
        <span className={`recording-state state-${r.state}`} title={r.locked ? t('recordings.locked') : undefined}>
          {t(`recordings.state.${r.state}`)}
        </span>
      </td>
      <td className="recording-actions">
        <button type="button" aria-pressed={playing} data-testid="recording-play" onClick={() => model.play(r.id)}>
          {t(playing ? 'recordings.playing' : 'recordings.play')}
        </button>
        {sealed && (
          <a className="button-link" href={mediaUrl(r.id, true)} download data-testid="recording-download">
            {t('recordings.download')}
          </a>
        )}
        {sealed && r.sha256 && <RecordingVerify model={model} recordingId={r.id} />}
      </td>
    </tr>
  );
});
