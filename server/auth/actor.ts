import type { Role } from '../../protocol/domain.ts';

/** Who acts on a dispatch object: the signed-in user behind a socket. */
export interface Actor {
  userId: string;
  /** Login name, as the audit trail records actors. */
  username: string;
  /** Display name, as screens show people. */
  name: string;
  role: Role;
  courtId: string;
}

/** actor_name of what the server does by itself (expiry, escalation). */
export const SYSTEM_ACTOR = '系统 / system';

/** The actor behind an authenticated socket (what the handshake put on socket.data). */
export function actorOf(data: { userId: string; username: string; displayName: string; role: Role; courtId: string }): Actor {
  return { userId: data.userId, username: data.username, name: data.displayName, role: data.role, courtId: data.courtId };
}
