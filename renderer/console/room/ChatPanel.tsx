import { useEffect } from 'react';
import { ChatComposer } from '../../lib/chat/ChatComposer.tsx';
import { ChatMessages } from '../../lib/chat/ChatMessages.tsx';
import { t, tEn } from '../../lib/i18n.ts';
import { useStore } from '../../lib/useStore.ts';
import { useStoreSelector } from '../../lib/useStoreSelector.ts';
import { useConsoleModel } from '../ModelContext.ts';

/**
 * 行动群聊 of one action on the console (一案一群): its messages and photos, the input for roles that
 * post, and a note with a button when the console does not follow the action (then no chat:new
 * reaches it: the list is as read when opened). Everything on screen counts as read.
 */
export function ChatPanel({ actionId }: { actionId: string }) {
  const model = useConsoleModel();
  const thread = model.chat.thread(actionId);
  const messages = useStore(thread.messages);
  const followed = useStoreSelector(model.actions.followed, (id) => id === actionId);
  const status = useStoreSelector(model.actions.actions, (list) => list.find((a) => a.id === actionId)?.status);
  const listed = useStoreSelector(model.actions.state, (s) => s.kind === 'ready');
  useEffect(() => thread.markRead(), [thread, messages]);
  // The list holds the open actions of the branch: one that left it has finished or was cancelled.
  const open = status === undefined ? !listed : status === 'planned' || status === 'ongoing';
  return (
    <section className="panel chat" aria-labelledby={`chat-title-${actionId}`} data-testid="chat-panel" data-action-id={actionId}>
      <h2 id={`chat-title-${actionId}`}>
        {t('chat.title')} <small className="muted">{tEn('chat.title')}</small>
      </h2>
      {!followed && (
        <p className="chat-note" data-testid="chat-not-following">
          {t('chat.notFollowing')}{' '}
          <button type="button" onClick={() => void model.actions.follow(actionId)}>
            {t('chat.follow')}
          </button>
        </p>
      )}
      <ChatMessages thread={thread} selfUserId={model.chat.selfUserId} />
      {!open && <p className="chat-note">{t('chat.closed')}</p>}
      {open && !model.chat.canPost && <p className="chat-note">{t('chat.readOnly')}</p>}
      {open && model.chat.canPost && <ChatComposer thread={thread} />}
    </section>
  );
}
