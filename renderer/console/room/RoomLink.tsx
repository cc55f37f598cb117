import { t } from '../../lib/i18n.ts';

/** 作战室: opens the action's command room in this window (the console's own address, so Electron lets it navigate). */
export function RoomLink({ actionId }: { actionId: string }) {
  return (
    <a className="room-link" href={`/console?action=${encodeURIComponent(actionId)}`} data-testid="room-link" data-action-id={actionId}>
      {t('actionRoom.open')}
    </a>
  );
}
