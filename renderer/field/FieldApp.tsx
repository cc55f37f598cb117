import { useEffect, useRef, useState } from 'react';
import { ConnectionBadge } from '../lib/ConnectionBadge.tsx';
import type { Me } from '../../protocol/api.ts';
import { t, tEn } from '../lib/i18n.ts';
import type { Session } from '../lib/session.ts';
import { UserChip } from '../lib/UserChip.tsx';
import { useStore } from '../lib/store.ts';
import type { FieldModel } from './FieldModel.ts';
import { FieldActions } from './FieldActionCard.tsx';
import { GpsBadge, InstructionList, SosBar, TeamCard } from './FieldDispatchView.tsx';

/** The field terminal, laid out for a phone held in one hand: big buttons, status at the top. */
export function FieldApp({ model, user, session }: { model: FieldModel; user: Me; session: Session }) {
  const label = useStore(model.label);
  const publish = useStore(model.publish);
  const [draft, setDraft] = useState(label);
  const preview = useRef<HTMLVideoElement>(null);

  useEffect(() => {
    // GPS on while the page is open.
    model.dispatch.startGps();
    return () => model.dispatch.stopGps();
  }, [model]);

  useEffect(() => {
    if (preview.current) preview.current.srcObject = publish.kind === 'live' ? publish.stream : null;
  }, [publish]);

  const live = publish.kind === 'live';
  return (
    <div className="field">
      <header className="topbar">
        <h1>
          {t('field.title')}
          <small>{tEn('field.title')}</small>
        </h1>
        <ConnectionBadge connection={model.connection} />
      </header>
      <div className="field-user">
        <UserChip user={user} session={session} />
      </div>
      <main className="field-main">
        <GpsBadge dispatch={model.dispatch} />
        <TeamCard dispatch={model.dispatch} />
        <FieldActions dispatch={model.dispatch} />
        <InstructionList dispatch={model.dispatch} />
        <form
          className="field-name"
          onSubmit={(e) => {
            e.preventDefault();
            model.rename(draft);
          }}
        >
          <label htmlFor="terminal-name">{t('field.name')}</label>
          <input
            id="terminal-name"
            value={draft}
            maxLength={64}
            placeholder={t('field.namePlaceholder')}
            onChange={(e) => setDraft(e.target.value)}
            onBlur={() => model.rename(draft)}
          />
          <p className="muted">
            {t('field.terminalId')}: <code>{model.terminalId.slice(0, 8)}</code>
          </p>
        </form>
        <div className={`preview ${live ? 'live' : ''}`}>
          <video ref={preview} muted autoPlay playsInline />
          <span className="preview-state" data-testid="publish-state" data-state={publish.kind}>
            {live ? t('field.publishing') : publish.kind === 'error' ? `${t('field.cameraError')}: ${publish.message}` : t('field.idle')}
          </span>
        </div>
        {live ? (
          <button type="button" className="big-button stop" onClick={() => model.stopCamera()}>
            {t('field.stopCamera')}
          </button>
        ) : (
          <button
            type="button"
            className="big-button"
            data-testid="start-camera"
            disabled={publish.kind === 'starting'}
            onClick={() => void model.startCamera()}
          >
            {t('field.startCamera')}
            <small>{tEn('field.startCamera')}</small>
          </button>
        )}
      </main>
      <SosBar dispatch={model.dispatch} />
    </div>
  );
}
