import type { Me } from '../../protocol/api.ts';
import type { Session } from './session.ts';

const ROLE_ZH: Record<string, string> = {
  operator: '值班员',
  dispatcher: '调度员',
  leader: '院领导',
  field_officer: '外勤干警',
  supervisor: '上级督办',
  sysadmin: '系统管理员',
  secadmin: '安全管理员',
  auditadmin: '审计管理员',
};

/** Who is signed in (name, role, court) and the sign-out button. */
export function UserChip({ user, session }: { user: Me; session: Session }) {
  return (
    <span className="user-chip" data-testid="user-chip">
      <span>
        {user.displayName} · {ROLE_ZH[user.role] ?? user.role} · {user.court.name}
      </span>
      <button type="button" onClick={() => void session.logout()} data-testid="logout">
        退出
      </button>
    </span>
  );
}
