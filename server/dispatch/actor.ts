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
