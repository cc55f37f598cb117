import { rooms } from '../../protocol/rooms.ts';
import { can } from '../auth/index.ts';
import type { CourtTree } from '../courts/index.ts';
import type { SocketData } from '../../protocol/events.ts';
import type { Connection } from './Connection.ts';

/**
 * Whether a socket watches its court's branch live: a console of a command role (dispatch:read).
 * Such consoles sit in their court's room and hear positions, presence, feeds, instructions and
 * warnings of every team their court may see. Administrators (三权分立) watch nothing; a terminal
 * hears its own team through the team room instead.
 */
export function watchesCourt(data: Pick<SocketData, 'client' | 'role'>): boolean {
  return data.client === 'console' && can(data.role, 'dispatch:read');
}

/**
 * The one court-audience rule: news about something of `courtIds` goes to those courts and every
 * court above them (a court sees itself and everything below it), each court once.
 */
export function audienceCourts(tree: CourtTree, courtIds: string | Iterable<string>): string[] {
  const out = new Set<string>();
  for (const id of typeof courtIds === 'string' ? [courtIds] : courtIds) for (const c of tree.above(id)) out.add(c);
  return [...out];
}

/** The court rooms of audienceCourts(). */
export function audienceRooms(tree: CourtTree, courtIds: string | Iterable<string>): string[] {
  return audienceCourts(tree, courtIds).map((c) => rooms.court(c));
}

/**
 * The rooms every socket joins on connecting, before any feature's handler runs: its session's room
 * (logout disconnects them all), its user's room (escalations, terminal context) and, for a watching
 * console, its court's room.
 */
export async function joinBaseRooms(conn: Connection): Promise<void> {
  const { sessionId, userId, courtId } = conn.data;
  await conn.join([rooms.session(sessionId), rooms.user(userId), ...(watchesCourt(conn.data) ? [rooms.court(courtId)] : [])]);
}
