import { useEffect, useRef } from 'react';
import { t, tEn } from '../lib/i18n.ts';
import { useStore } from '../lib/useStore.ts';
import type { FieldModel, Uplink } from './FieldModel.ts';

/** 良好 / 一般 / 较差 from the SFU's score of the camera's best layer (0-10). */
function uplinkGrade(u: Uplink): 'good' | 'fair' | 'poor' | 'unknown' {
  if (u.score === null) return 'unknown';
  if (u.score >= 8) return 'good';
  if (u.score >= 5) return 'fair';
  return 'poor';
}

/** The camera's preview and state, how well the uplink carries it, and the big button that starts or stops streaming it to the command centre. */
export function CameraPanel({ model }: { model: FieldModel }) {
  const publish = useStore(model.publish);
  const uplink = useStore(model.uplink);
  const preview = useRef<HTMLVideoElement>(null);
  const stream = publish.kind === 'live' || publish.kind === 'republishing' ? publish.stream : null;
  useEffect(() => {
    if (preview.current) preview.current.srcObject = stream;
  }, [stream]);

  const grade = uplinkGrade(uplink);
  return (
    <>
      <div className={`preview ${publish.kind === 'live' ? 'live' : ''}`}>
        <video ref={preview} muted autoPlay playsInline />
        <span className="preview-state" data-testid="publish-state" data-state={publish.kind}>
          {publish.kind === 'live'
            ? t('field.publishing')
            : publish.kind === 'republishing'
              ? t('field.republishing')
              : publish.kind === 'error'
                ? `${t('field.cameraError')}: ${publish.message}`
                : t('field.idle')}
        </span>
        {publish.kind === 'live' && (
          <span className={`uplink uplink-${grade}`} data-testid="uplink" data-grade={grade} data-score={uplink.score ?? ''}>
            {t('field.uplink')} {t(`field.uplink.${grade}`)}
            {uplink.kbps !== null && ` · ${uplink.kbps} kb/s`}
          </span>
        )}
      </div>
      {stream ? (
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
