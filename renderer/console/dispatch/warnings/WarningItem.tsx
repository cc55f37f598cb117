import { memo } from 'react';
import type { Warning } from '../../../../protocol/warning.ts';
import { formatTime } from '../../../lib/format.ts';
import { t } from '../../../lib/i18n.ts';
import { useStoreSelector } from '../../../lib/useStoreSelector.ts';
import type { ActionsModel } from '../ActionsModel.ts';
import type { DispatchModel } from '../DispatchModel.ts';
import { RoomLink } from '../../room/RoomLink.tsx';

/** One warning; it renders again when the warning or its own acknowledge error changes. */
export const WarningItem = memo(function WarningItem({ warning: w, model, actions }: { warning: Warning; model: DispatchModel; actions: ActionsModel }) {
  const error = useStoreSelector(model.ackErrors, (errors) => errors[w.id]);
  // A warning of a team on an ongoing action (SOS, lost, unacknowledged) leads to that action's room.
  const actionId = useStoreSelector(actions.actions, (list) => (w.teamId ? (list.find((a) => a.status === 'ongoing' && a.teams.some((x) => x.teamId === w.teamId))?.id ?? null) : null));
  return (
    <li
      className={`warning level-${w.level} kind-${w.kind} ${w.acknowledgedAt ? 'acked' : 'open'}`}
      data-testid="warning"
      data-kind={w.kind}
      data-warning-id={w.id}
      data-acked={w.acknowledgedAt ? 'true' : 'false'}
    >
      <div className="warning-head">
        <span className="warning-kind">{t(`warningKind.${w.kind}`)}</span>
        <span className="muted">{formatTime(w.raisedAt)}</span>
        {w.acknowledgedAt ? (
          <span className="muted">{t('warnings.acked', { name: w.acknowledgedBy?.name ?? '' })}</span>
        ) : (
          <button type="button" className="ack-button" data-testid="warning-ack" onClick={() => void model.acknowledgeWarning(w.id)}>
            {t('warnings.ack')}
          </button>
        )}
      </div>
      <p className="warning-text">{w.text}</p>
      {w.position && <p className="muted small">{t('warnings.position', { lng: w.position.lng.toFixed(5), lat: w.position.lat.toFixed(5) })}</p>}
      {actionId && <RoomLink actionId={actionId} />}
      {error && <p className="tile-error small">{error}</p>}
    </li>
  );
});
