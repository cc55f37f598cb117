import { rooms } from '../../protocol/rooms.ts';
import { can } from '../auth/permissions.ts';
import type { CourtTree } from '../courts/CourtTree.ts';
import type { AppSocket } from './types.ts';
import type { SocketData } from '../../protocol/events.ts';

/**
 * Whether a socket watches its court's branch live: a console of a command role (dispatch:read).
 * Such consoles sit in their court's room and hear positions, presence, feeds, instructions and
 * warnings of every team their court may see. Administrators (三权分立) and field officers on a
 * console watch nothing; a terminal hears its own team through the team room instead.
 */
export function watchesCourt(data: Pick<SocketData, 'client' | 'role'>): boolean {
  return data.client === 'console' && can(data.role, 'dispatch:read');
}

/** The court rooms to tell about news of `courtId`: its own and every court's above it. */
export function courtAudience(tree: CourtTree, courtId: string): string[] {
  return tree.above(courtId).map((c) => rooms.court(c));
}

/**
 * The rooms every socket joins on connecting, before any feature's handler runs: its user's room
 * (escalations, terminal context) and, for a watching console, its court's room.
 */
export async function joinBaseRooms(socket: AppSocket): Promise<void> {
  await socket.join(rooms.user(socket.data.userId));
  if (watchesCourt(socket.data)) await socket.join(rooms.court(socket.data.courtId));
}
