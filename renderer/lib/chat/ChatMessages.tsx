import { memo, useEffect, useRef } from 'react';
import type { ChatMessage } from '../../../protocol/chat.ts';
import { formatTime } from '../format.ts';
import { t } from '../i18n.ts';
import { useStore } from '../useStore.ts';
import { ChatPhoto } from './ChatPhoto.tsx';
import type { ChatThread, PendingChat } from './ChatThread.ts';
import './chat.css';

/** Who wrote it, as the list names them: the officer's team, or the console user's role and court. */
function senderLine(m: ChatMessage, mine: boolean): string {
  const who = mine ? t('chat.me') : m.sender.name;
  const where = m.sender.teamName ?? `${t(`role.${m.sender.role}`)} · ${m.sender.courtName}`;
  return `${who} · ${where}`;
}

const Message = memo(function Message({ thread, message: m, mine }: { thread: ChatThread; message: ChatMessage; mine: boolean }) {
  return (
    <li className={`chat-msg ${mine ? 'mine' : ''}`} data-testid="chat-message" data-message-id={m.id}>
      <span className="chat-meta">
        <span data-testid="chat-sender">{senderLine(m, mine)}</span>
        <time dateTime={m.sentAt}>{formatTime(m.sentAt)}</time>
      </span>
      <div className="chat-bubble">
        {m.text !== null && <span data-testid="chat-text">{m.text}</span>}
        {m.hasPhoto && <ChatPhoto thread={thread} messageId={m.id} sender={m.sender.name} />}
      </div>
    </li>
  );
});

const Pending = memo(function Pending({ thread, item }: { thread: ChatThread; item: PendingChat }) {
  return (
    <li className={`chat-msg mine pending ${item.state}`} data-testid="chat-pending" data-state={item.state}>
      <div className="chat-bubble">
        {item.text !== null && <span>{item.text}</span>}
        {item.photo !== null && <img className="chat-pending-photo" src={item.photo} alt={t('chat.photoPreview')} />}
      </div>
      <span className={`chat-state ${item.state}`}>
        {item.state === 'sending' && t('chat.sending')}
        {item.state === 'waiting' && t('chat.waiting')}
        {item.state === 'failed' && (
          <>
            {t('chat.failed', { error: item.error ?? '' })}
            <button type="button" onClick={() => thread.retry(item.clientKey)}>
              {t('chat.retry')}
            </button>
            <button type="button" onClick={() => thread.discard(item.clientKey)}>
              {t('chat.discard')}
            </button>
          </>
        )}
      </span>
    </li>
  );
});

/** The messages of one thread, oldest first, then what is still being sent; kept scrolled to the newest. */
export function ChatMessages({ thread, selfUserId, maxHeight }: { thread: ChatThread; selfUserId: string | null; maxHeight?: string }) {
  const messages = useStore(thread.messages);
  const pending = useStore(thread.pending);
  const state = useStore(thread.state);
  const list = useRef<HTMLOListElement>(null);
  useEffect(() => {
    const el = list.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [messages, pending]);
  return (
    <>
      {state.kind === 'loading' && messages.length === 0 && <p className="chat-note">{t('chat.loading')}</p>}
      {state.kind === 'error' && <p className="chat-error">{t('chat.loadFailed', { error: state.message })}</p>}
      {state.kind === 'ready' && messages.length === 0 && pending.length === 0 && <p className="chat-note">{t('chat.empty')}</p>}
      <ol className="chat-list" ref={list} style={maxHeight ? { maxHeight } : undefined} data-testid="chat-list">
        {messages.map((m) => (
          <Message key={m.id} thread={thread} message={m} mine={m.sender.userId === selfUserId} />
        ))}
        {pending.map((p) => (
          <Pending key={p.clientKey} thread={thread} item={p} />
        ))}
      </ol>
    </>
  );
}
