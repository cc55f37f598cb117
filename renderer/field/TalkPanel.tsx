import { useEffect, useRef } from 'react';
import { t, tEn } from '../lib/i18n.ts';
import { useStore } from '../lib/useStore.ts';
import type { FieldModel } from './FieldModel.ts';

/** 指挥中心正在讲话 with the voice playing, and the 按住对讲 button while the team is on an ongoing action. */
export function TalkPanel({ model }: { model: FieldModel }) {
  const incoming = useStore(model.talk.incoming);
  const outgoing = useStore(model.talk.outgoing);
  const actions = useStore(model.dispatch.actions);
  const audio = useRef<HTMLAudioElement>(null);
  const onAction = actions.some((a) => a.status === 'ongoing');

  useEffect(() => {
    const el = audio.current;
    if (!el) return;
    el.srcObject = incoming ? new MediaStream([incoming.track]) : null;
    if (incoming) el.play().catch(() => undefined);
  }, [incoming]);

  const hold = {
    onPointerDown: () => void model.talk.press(),
    onPointerUp: () => model.talk.release(),
    onPointerLeave: () => model.talk.release(),
    onPointerCancel: () => model.talk.release(),
  };
  return (
    <section className="talk" aria-label={t('talk.title')}>
      <audio ref={audio} autoPlay data-testid="talk-audio" />
      {incoming && (
        <p className="talk-incoming" role="alert" data-testid="talk-incoming" data-feed-id={incoming.feed.feedId}>
          <strong>{t('talk.commandSpeaking')}</strong>
          <span>{incoming.feed.officer}</span>
          <small>{tEn('talk.commandSpeaking')}</small>
        </p>
      )}
      {onAction && (
        <button type="button" className={`big-button talk-button talk-${outgoing.kind}`} data-testid="talk-button" data-state={outgoing.kind} {...hold}>
          {outgoing.kind === 'talking' ? t('talk.speaking') : outgoing.kind === 'opening' ? t('talk.opening') : t('talk.hold')}
          <small>{tEn('talk.hold')}</small>
        </button>
      )}
      {outgoing.kind === 'error' && <p className="talk-error">{outgoing.message}</p>}
    </section>
  );
}
