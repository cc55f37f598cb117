import { useState } from 'react';
import { errorMessage } from '../../../lib/dispatch.ts';
import { t } from '../../../lib/i18n.ts';

type PhotoState = { kind: 'closed' } | { kind: 'loading' } | { kind: 'open'; src: string } | { kind: 'error'; message: string };

/** Show photo: the feedback photo is fetched only when asked for (it can be 600 KB). */
export function FeedbackPhoto({ load }: { load: () => Promise<string> }) {
  const [state, setState] = useState<PhotoState>({ kind: 'closed' });
  if (state.kind === 'open') {
    return (
      <span className="feedback-photo">
        <img src={state.src} alt={t('photo.alt')} data-testid="feedback-photo-image" />
        <button type="button" onClick={() => setState({ kind: 'closed' })}>
          {t('photo.close')}
        </button>
      </span>
    );
  }
  return (
    <span className="feedback-photo">
      <button
        type="button"
        data-testid="feedback-photo-open"
        disabled={state.kind === 'loading'}
        onClick={() => {
          setState({ kind: 'loading' });
          load().then(
            (src) => setState({ kind: 'open', src }),
            (err: unknown) => setState({ kind: 'error', message: errorMessage(err) }),
          );
        }}
      >
        {t(state.kind === 'loading' ? 'photo.loading' : 'photo.open')}
      </button>
      {state.kind === 'error' && <span className="tile-error small">{state.message}</span>}
    </span>
  );
}
