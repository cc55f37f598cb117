import { t, tEn, type MessageKey } from './i18n.ts';
import { useStore } from './store.ts';
import type { Connection } from './socket.ts';

const LABEL: Record<string, MessageKey> = {
  connecting: 'conn.connecting',
  connected: 'conn.connected',
  disconnected: 'conn.disconnected',
  error: 'conn.error',
};

/** The socket's state, always visible: an operator must know whether the wall is live. */
export function ConnectionBadge({ connection }: { connection: Connection }) {
  const state = useStore(connection.state);
  const error = useStore(connection.lastError);
  const key = LABEL[state] ?? 'conn.connecting';
  return (
    <span className={`badge badge-${state}`} data-testid="connection-state" data-state={state} title={error ?? tEn(key)}>
      <span className="dot" aria-hidden="true" />
      {t(key)}
      <small>{tEn(key)}</small>
    </span>
  );
}
