import { memo, useEffect } from 'react';
import type { ActionView } from '../../protocol/action.ts';
import { ChatComposer } from '../lib/chat/ChatComposer.tsx';
import { ChatMessages } from '../lib/chat/ChatMessages.tsx';
import { unreadCount, type ChatThread } from '../lib/chat/ChatThread.ts';
import { t, tEn } from '../lib/i18n.ts';
import { useStore } from '../lib/useStore.ts';
import { useStoreSelector } from '../lib/useStoreSelector.ts';
import type { FieldChat } from './FieldChat.ts';
import type { FieldDispatch } from './FieldDispatch.ts';

/** How many messages of others the officer has not seen in one action's chat. */
function useUnread(thread: ChatThread, selfUserId: string | null): number {
  const readThrough = useStore(thread.readThrough);
  return useStoreSelector(thread.messages, (list) => unreadCount(list, readThrough, selfUserId));
}

const Unread = memo(function Unread({ thread, selfUserId }: { thread: ChatThread; selfUserId: string | null }) {
  const n = useUnread(thread, selfUserId);
  if (n === 0) return null;
  return (
    <span className="chat-unread" data-testid="chat-unread" title={t('chat.unread', { n })}>
      {n}
    </span>
  );
});

/** One tab per open action when the team is on several. */
function ActionTabs({ field, actions, current }: { field: FieldChat; actions: readonly ActionView[]; current: string }) {
  if (actions.length < 2) return null;
  return (
    <div className="chat-compose-row" role="tablist">
      {actions.map((a) => (
        <button key={a.id} type="button" role="tab" aria-selected={a.id === current} onClick={() => field.show(a.id)}>
          {t(`actionKind.${a.kind}`)} {a.caseNumber}
          <Unread thread={field.chat.thread(a.id)} selfUserId={field.chat.selfUserId} />
        </button>
      ))}
    </div>
  );
}

/** The open thread: messages, then the input; everything on screen counts as read. */
function OpenThread({ field, thread, action }: { field: FieldChat; thread: ChatThread; action: ActionView }) {
  const messages = useStore(thread.messages);
  useEffect(() => thread.markRead(), [thread, messages]);
  const closed = action.status !== 'planned' && action.status !== 'ongoing';
  return (
    <>
      <ChatMessages thread={thread} selfUserId={field.chat.selfUserId} maxHeight="50vh" />
      {closed ? <p className="chat-note">{t('chat.closed')}</p> : <ChatComposer thread={thread} />}
    </>
  );
}

/** 行动群聊 on the phone: the chat of the officer's current action (一案一群), with its unread count when folded. */
export function FieldChatPanel({ field, dispatch }: { field: FieldChat; dispatch: FieldDispatch }) {
  const actions = useStore(dispatch.actions);
  const current = useStore(field.current);
  const expanded = useStore(field.expanded);
  const action = actions.find((a) => a.id === current);
  if (!action) return null;
  const thread = field.chat.thread(action.id);
  return (
    <section className="field-card chat" aria-labelledby="chat-title" data-testid="field-chat" data-action-id={action.id}>
      <h2 id="chat-title" className="chat-compose-row">
        <span>
          {t('chat.title')} <small>{tEn('chat.title')}</small>
        </span>
        {!expanded && <Unread thread={thread} selfUserId={field.chat.selfUserId} />}
        <button type="button" className="chat-send" aria-expanded={expanded} data-testid="chat-toggle" onClick={() => field.toggle()}>
          {t(expanded ? 'chat.hide' : 'chat.show')}
        </button>
      </h2>
      {expanded && (
        <>
          <p className="chat-note">
            {t(`actionKind.${action.kind}`)} · {action.caseNumber}
          </p>
          <ActionTabs field={field} actions={actions} current={action.id} />
          <OpenThread field={field} thread={thread} action={action} />
        </>
      )}
    </section>
  );
}
