import { useEffect, useRef, useState } from 'react';
import type { ActionView } from '../../../protocol/action.ts';
import type { FeedInfo } from '../../../protocol/media.ts';
import { errorMessage } from '../../lib/dispatch.ts';
import { t, tEn } from '../../lib/i18n.ts';
import { listen } from '../../lib/socket.ts';
import type { Subscription } from '../../lib/Subscription.ts';
import { useConsoleModel } from '../ModelContext.ts';

type TalkState = { kind: 'idle' } | { kind: 'opening' } | { kind: 'talking' } | { kind: 'error'; message: string };

/**
 * 喊话: hold to speak to one team of the action or to all of them (a dispatcher's or leader's
 * microphone through the SFU into the action's room); and what the officers answer, played here
 * with 现场正在讲话 and who.
 */
export function TalkControl({ action, canTalk }: { action: ActionView; canTalk: boolean }) {
  const c = useConsoleModel();
  const [target, setTarget] = useState<string>('');
  const [state, setState] = useState<TalkState>({ kind: 'idle' });
  const [answer, setAnswer] = useState<FeedInfo | null>(null);
  const held = useRef(false);
  const stop = useRef<(() => void) | null>(null);
  const audio = useRef<HTMLAudioElement>(null);

  // The officers' answers (talk:started from a terminal of this action).
  useEffect(() => {
    const { socket } = c.connection;
    let sub: Subscription | null = null;
    const hangUp = () => {
      sub?.close();
      sub = null;
      if (audio.current) audio.current.srcObject = null;
      setAnswer(null);
    };
    const off = listen(socket, {
      'talk:started': (feed) => {
        if (feed.talk?.from !== 'field' || feed.actionId !== action.id) return;
        hangUp();
        c.media.subscribe(feed).then((s) => {
          sub = s;
          s.onEnded(() => sub === s && hangUp());
          if (audio.current) {
            audio.current.srcObject = new MediaStream([s.track]);
            audio.current.play().catch(() => undefined);
          }
          setAnswer(feed);
        }, () => undefined /* the answer ended before we could listen */);
      },
      'talk:ended': ({ feedId }) => {
        if (sub?.feed.feedId === feedId) hangUp();
      },
    });
    return () => {
      off();
      hangUp();
    };
  }, [c, action.id]);

  const press = async () => {
    if (held.current) return;
    held.current = true;
    setState({ kind: 'opening' });
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
      const track = stream.getAudioTracks()[0];
      if (!track) throw new Error('no microphone');
      const talk = await c.media.talk(track, { teamId: target || null }, action.id);
      stop.current = () => {
        talk.stop();
        track.stop();
      };
      if (held.current) setState({ kind: 'talking' });
      else release();
    } catch (err) {
      held.current = false;
      setState({ kind: 'error', message: errorMessage(err) });
    }
  };
  const release = () => {
    held.current = false;
    stop.current?.();
    stop.current = null;
    setState((s) => (s.kind === 'error' ? s : { kind: 'idle' }));
  };

  return (
    <section className="panel room-talk" aria-label={t('talk.title')} data-testid="room-talk">
      <audio ref={audio} autoPlay data-testid="talk-answer-audio" />
      {answer && (
        <p className="talk-answer" role="alert" data-testid="talk-answer">
          {t('talk.fieldSpeaking')} · {answer.teamName ?? ''} {answer.officer}
        </p>
      )}
      {canTalk && action.status === 'ongoing' ? (
        <div className="talk-row">
          <select value={target} onChange={(e) => setTarget(e.target.value)} aria-label={t('talk.title')} data-testid="talk-target">
            <option value="">{t('talk.toAll')}</option>
            {action.teams.map((team) => (
              <option key={team.teamId} value={team.teamId}>
                {t('talk.toTeam', { team: team.name })}
              </option>
            ))}
          </select>
          <button
            type="button"
            className={`talk-button talk-${state.kind}`}
            data-testid="talk-button"
            data-state={state.kind}
            onPointerDown={() => void press()}
            onPointerUp={release}
            onPointerLeave={release}
            onPointerCancel={release}
          >
            {state.kind === 'talking' ? t('talk.speaking') : state.kind === 'opening' ? t('talk.opening') : t('talk.holdConsole')}
            <small>{tEn('talk.holdConsole')}</small>
          </button>
        </div>
      ) : (
        <p className="muted">{t('actionRoom.talkUnavailable')}</p>
      )}
      {state.kind === 'error' && <p className="talk-error">{state.message}</p>}
    </section>
  );
}
