import { formatTime } from '../lib/format.ts';
import { t } from '../lib/i18n.ts';
import { useStore } from '../lib/useStore.ts';
import type { FieldDispatch } from './FieldDispatch.ts';

/** SOS: always at the bottom of the screen, red; a second press confirms. */
export function SosBar({ dispatch }: { dispatch: FieldDispatch }) {
  const sos = useStore(dispatch.sos);
  return (
    <div className="sos-bar" data-testid="sos-bar" data-state={sos.kind}>
      {sos.kind === 'confirm' ? (
        <>
          <button type="button" className="sos-button confirm" data-testid="sos-confirm" onClick={() => void dispatch.raiseSos()}>
            {t('sos.confirm')}
          </button>
          <button type="button" className="sos-cancel" onClick={() => dispatch.cancelSos()}>
            {t('common.cancel')}
          </button>
        </>
      ) : (
        <button type="button" className="sos-button" data-testid="sos" disabled={sos.kind === 'sending'} onClick={() => dispatch.askSos()}>
          {t('sos.button')}
          {sos.kind === 'sending' && <small>{t('common.sending')}</small>}
          {sos.kind === 'sent' && <small data-testid="sos-sent">{t('sos.sent', { time: formatTime(sos.at) })}</small>}
          {sos.kind === 'error' && <small>{t('sos.error', { message: sos.message })}</small>}
        </button>
      )}
    </div>
  );
}
