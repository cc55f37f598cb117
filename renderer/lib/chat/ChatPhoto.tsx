import { memo, useEffect, useState } from 'react';
import { t } from '../i18n.ts';
import { useStoreSelector } from '../useStoreSelector.ts';
import type { ChatThread } from './ChatThread.ts';

/** A message's photo: fetched by id when first shown (messages carry only hasPhoto), a click shows it whole. */
export const ChatPhoto = memo(function ChatPhoto({ thread, messageId, sender }: { thread: ChatThread; messageId: number; sender: string }) {
  const state = useStoreSelector(thread.photos, (all) => all[messageId]);
  const [open, setOpen] = useState(false);
  useEffect(() => thread.loadPhoto(messageId), [thread, messageId]);
  if (!state || state.kind === 'loading') return <span className="chat-photo-note">{t('chat.photoLoading')}</span>;
  if (state.kind === 'error') {
    return (
      <button type="button" className="chat-photo-note" onClick={() => thread.loadPhoto(messageId, true)}>
        {t('chat.photoFailed')} · {t('common.retry')}
      </button>
    );
  }
  const alt = t('chat.photoAlt', { name: sender });
  return (
    <>
      <button type="button" className="chat-photo" title={t('chat.photoOpen')} data-testid="chat-photo" onClick={() => setOpen(true)}>
        <img src={state.url} alt={alt} />
      </button>
      {open && (
        <button type="button" className="chat-lightbox" data-testid="chat-lightbox" onClick={() => setOpen(false)}>
          <img src={state.url} alt={alt} />
        </button>
      )}
    </>
  );
});
