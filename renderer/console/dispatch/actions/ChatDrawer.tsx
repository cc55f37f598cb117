import { useEffect } from 'react';
import { t } from '../../../lib/i18n.ts';
import { useStore } from '../../../lib/useStore.ts';
import { useStoreSelector } from '../../../lib/useStoreSelector.ts';
import { useConsoleModel } from '../../ModelContext.ts';
import { ChatPanel } from '../../room/ChatPanel.tsx';

/** The chat of the action picked with 群聊 in the actions list, in a drawer over the dispatch column; Esc closes it. */
export function ChatDrawer() {
  const model = useConsoleModel();
  const actionId = useStore(model.chatDrawer);
  const action = useStoreSelector(model.actions.actions, (list) => list.find((a) => a.id === actionId));
  useEffect(() => {
    if (!actionId) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') model.chatDrawer.set(null);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [model, actionId]);
  if (!actionId) return null;
  return (
    <aside className="chat-drawer" role="dialog" aria-label={t('chat.title')} data-testid="chat-drawer">
      <header className="chat-drawer-head">
        <span className="muted small">{action ? `${t(`actionKind.${action.kind}`)} · ${action.caseNumber}` : actionId}</span>
        <button type="button" data-testid="chat-drawer-close" onClick={() => model.chatDrawer.set(null)}>
          {t('chat.close')}
        </button>
      </header>
      <ChatPanel key={actionId} actionId={actionId} />
    </aside>
  );
}
