import type { RecordingView } from '../../../../protocol/recording.ts';
import { formatDateTime } from '../../../lib/format.ts';
import { t } from '../../../lib/i18n.ts';
import { mediaUrl } from './RecordingsModel.ts';

/**
 * Plays one segment from the server's Range route (the browser reads it in ranges as it plays and
 * seeks; the server audits the playback once). `key` on the element: a new segment is a new element,
 * so a half-read earlier one never keeps its connection.
 */
export function RecordingPlayer({ recording }: { recording: RecordingView | null }) {
  if (!recording) return <p className="empty">{t('recordings.pick')}</p>;
  return (
    <figure className="recording-player">
      <video key={recording.id} src={mediaUrl(recording.id)} controls autoPlay muted playsInline preload="metadata" data-testid="recording-video" data-recording-id={recording.id} />
      <figcaption className="muted small">
        {recording.teamName ?? t('recordings.noTeam')} · {recording.officer} · {formatDateTime(recording.startedAt)}
      </figcaption>
    </figure>
  );
}
