import type { Me } from '../../protocol/api.ts';
import { t } from './i18n.ts';
import type { Session } from './session.ts';

/** Who is signed in (name, role, court) and the sign-out button. */
export function UserChip({ user, session }: { user: Me; session: Session }) {
  return (
    <span className="user-chip" data-testid="user-chip">
      <span>
        {user.displayName} · {t(`role.${user.role}`)} · {user.court.name}
      </span>
      <button type="button" onClick={() => void session.logout()} data-testid="logout">
        {t('user.logout')}
      </button>
    </span>
  );
}
