import { useEffect, useState, type ReactNode } from 'react';
import type { Me } from '../../protocol/api.ts';
import { tBoth } from './i18n.ts';
import { LoginScreen } from './LoginScreen.tsx';
import type { Session } from './session.ts';
import { useStore } from './useStore.ts';

/** Shows the login form until a user is signed in, then `children(user)`. */
export function SessionGate({ session, title, subtitle, children }: { session: Session; title: string; subtitle: string; children: (user: Me) => ReactNode }) {
  const user = useStore(session.user);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    session.check().catch((err: unknown) => setError(err instanceof Error ? err.message : String(err)));
  }, [session]);
  if (error) return <p className="empty" role="alert">{error}</p>;
  if (user === 'unknown') return <p className="empty">{tBoth('session.checking')}</p>;
  if (user === null) return <LoginScreen session={session} title={title} subtitle={subtitle} />;
  return <>{children(user)}</>;
}
