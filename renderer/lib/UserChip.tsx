import type { Me } from '../../protocol/api.ts';
import { ROLE_ZH } from './labels.ts';
import type { Session } from './session.ts';

/** Who is signed in (name, role, court) and the sign-out button. */
export function UserChip({ user, session }: { user: Me; session: Session }) {
  return (
    <span className="user-chip" data-testid="user-chip">
      <span>
        {user.displayName} · {ROLE_ZH[user.role]} · {user.court.name}
      </span>
      <button type="button" onClick={() => void session.logout()} data-testid="logout">
        退出
      </button>
    </span>
  );
}
