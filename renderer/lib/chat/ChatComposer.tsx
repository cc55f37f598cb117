import { useState } from 'react';
import { CHAT_TEXT_MAX } from '../../../protocol/chat.ts';
import { errorMessage } from '../dispatch.ts';
import { t } from '../i18n.ts';
import { chatPhotoDataUrl } from './chatPhoto.ts';
import type { ChatThread } from './ChatThread.ts';

/** The input under a chat: text, a photo from the camera or the gallery (scaled to 1280 px JPEG), send. */
export function ChatComposer({ thread }: { thread: ChatThread }) {
  const [text, setText] = useState('');
  const [photo, setPhoto] = useState<string | null>(null);
  const [photoError, setPhotoError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const canSend = !busy && (text.trim() !== '' || photo !== null);
  const send = () => {
    if (!canSend) return;
    // The thread shows it as pending at once and resends it by itself: the input is free again.
    void thread.send(text, photo);
    setText('');
    setPhoto(null);
  };
  return (
    <form
      className="chat-compose"
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
    >
      <textarea
        data-testid="chat-input"
        aria-label={t('chat.placeholder')}
        placeholder={t('chat.placeholder')}
        value={text}
        maxLength={CHAT_TEXT_MAX}
        rows={2}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          // Enter sends, Shift+Enter breaks the line; an IME composing Chinese keeps its Enter.
          if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
            e.preventDefault();
            send();
          }
        }}
      />
      {photo && (
        <div className="chat-preview">
          <img src={photo} alt={t('chat.photoPreview')} data-testid="chat-photo-preview" />
          <button type="button" onClick={() => setPhoto(null)}>
            {t('chat.removePhoto')}
          </button>
        </div>
      )}
      {photoError && <p className="chat-error">{photoError}</p>}
      <div className="chat-compose-row">
        <label className="chat-photo-button button">
          {t('chat.photo')}
          <input
            type="file"
            accept="image/*"
            capture="environment"
            data-testid="chat-photo-input"
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              setPhotoError(null);
              if (!file) return;
              setBusy(true);
              chatPhotoDataUrl(file)
                .then(setPhoto, (err: unknown) => setPhotoError(errorMessage(err)))
                .finally(() => setBusy(false));
            }}
          />
        </label>
        <button type="submit" className="chat-send" disabled={!canSend} data-testid="chat-send">
          {t('chat.send')}
        </button>
      </div>
    </form>
  );
}
