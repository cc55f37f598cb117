import { useEffect, useRef } from 'react';
import { t, tEn } from '../lib/i18n.ts';
import { useStore } from '../lib/useStore.ts';
import type { FieldModel } from './FieldModel.ts';

/** The camera's preview and state, and the big button that starts or stops streaming it to the command centre. */
export function CameraPanel({ model }: { model: FieldModel }) {
  const publish = useStore(model.publish);
  const preview = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    if (preview.current) preview.current.srcObject = publish.kind === 'live' ? publish.stream : null;
  }, [publish]);

  const live = publish.kind === 'live';
  return (
    <>
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
        <button type="button" className="big-button" data-testid="start-camera" disabled={publish.kind === 'starting'} onClick={() => void model.startCamera()}>
          {t('field.startCamera')}
          <small>{tEn('field.startCamera')}</small>
        </button>
      )}
    </>
  );
}
