import { CHAT_POST_ROLES } from '../../protocol/chat.ts';
import type { Role } from '../../protocol/domain.ts';

/**
 * What each role may do. Business data (cases, teams) is for the command roles; the three
 * administrators (三权分立) see none of it: the system admin manages accounts and devices, the
 * security admin security settings, the audit admin only the audit trail.
 */
export const PERMISSIONS = {
  'courts:read': ['operator', 'dispatcher', 'leader', 'field_officer', 'supervisor', 'sysadmin'],
  'cases:read': ['operator', 'dispatcher', 'leader', 'field_officer', 'supervisor'],
  'cases:override-colour': ['leader', 'supervisor'],
  'cases:export': ['leader', 'supervisor'],
  'teams:read': ['operator', 'dispatcher', 'leader', 'field_officer', 'supervisor'],
  // Dispatch (issue 3). Dispatchers issue; leaders command a major action live (同步指挥) and may too.
  // Operators watch the wall and acknowledge warnings but do not command; supervisors of an upper
  // court supervise by 督办 items, not by instructions to another court's teams.
  'dispatch:read': ['operator', 'dispatcher', 'leader', 'supervisor'],
  'instructions:issue': ['dispatcher', 'leader'],
  /** Push-to-talk (喊话) into an ongoing action's media room: the same people who command it. */
  'media:talk': ['dispatcher', 'leader'],
  'warnings:ack': ['operator', 'dispatcher', 'leader', 'supervisor'],
  // Action chat (一案一群): the officers of the action's teams and the consoles that command talk in
  // it; operators and supervisors read it (dispatch:read) but do not post. The pages read the list too.
  'chat:post': CHAT_POST_ROLES,
  /** Terminal steps of an instruction (delivered, 签收, feedback, refuse) and SOS. */
  'field:report': ['field_officer'],
  /** Which client a role may connect as (the handshake's `client`): officers' terminals, everyone else's consoles. */
  'client:field': ['field_officer'],
  'client:console': ['operator', 'dispatcher', 'leader', 'supervisor', 'sysadmin', 'secadmin', 'auditadmin'],
  'audit:verify': ['auditadmin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

/** True when `role` holds `permission`. */
export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}
