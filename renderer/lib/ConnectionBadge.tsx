import { t, tEn, type PlainKey } from './i18n.ts';
import type { Connection, ConnectionState } from './socket.ts';
import { useStore } from './useStore.ts';

const LABEL: Record<ConnectionState, PlainKey> = {
  connecting: 'conn.connecting',
  connected: 'conn.connected',
  disconnected: 'conn.disconnected',
  error: 'conn.error',
};

/** The socket's state, always visible: an operator must know whether the wall is live. */
export function ConnectionBadge({ connection }: { connection: Connection }) {
  const state = useStore(connection.state);
  const error = useStore(connection.lastError);
  const key = LABEL[state];
  return (
    <span className={`badge badge-${state}`} data-testid="connection-state" data-state={state} title={error ?? tEn(key)}>
      <span className="dot" aria-hidden="true" />
      {t(key)}
      <small>{tEn(key)}</small>
    </span>
  );
}
