import { can, type Permission } from '../auth/index.ts';
import { ForbiddenError } from '../errors.ts';
import type { Connection } from './Connection.ts';

/** A field officer's terminal (client "field" with field:report): the only client that takes instruction steps, reports and publishes. */
export function isTerminal(conn: Connection): boolean {
  return conn.data.client === 'field' && can(conn.data.role, 'field:report');
}

/** Refuses with ERR_FORBIDDEN unless `conn` is a console whose role holds `permission`; `what` (zh-CN) names the act. */
export function requireConsole(conn: Connection, permission: Permission, what: string): void {
  const { client, role } = conn.data;
  if (client !== 'console' || !can(role, permission)) {
    throw new ForbiddenError(`角色 ${role}（${client}）无权${what} / role ${role} on a ${client} client may not ${permission}`);
  }
}

/** Refuses with ERR_FORBIDDEN unless `conn` is a field officer's terminal. */
export function requireTerminal(conn: Connection, what: string): void {
  if (!isTerminal(conn)) throw new ForbiddenError(`只有外勤终端可以${what} / only a field officer's terminal may do this`);
}
