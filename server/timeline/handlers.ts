import { rooms } from '../../protocol/rooms.ts';
import type { CourtTree } from '../courts/index.ts';
import type { AppServer } from '../realtime/index.ts';
import type { ActionEventNews } from './ActionEventLog.ts';

/**
 * Sends a timeline entry added live (`action:event`) to the consoles of the action's court and every
 * court above it (a follower's court is always among them), leaving out the courts that may not see
 * the entry's team (a team lent by an upper court, as ActionView leaves it out); an arrival or a
 * departure also goes to the team's own terminals (the field page shows 已到达现场).
 */
export function createActionEventFanOut(io: AppServer, courts: () => CourtTree): (news: ActionEventNews) => void {
  return (news) => {
    const tree = courts();
    const m = { actionId: news.actionId, entry: news.entry };
    const team = news.team;
    const courtRooms = tree
      .above(news.actionCourtId)
      .filter((courtId) => !team || tree.canSee(courtId, team.courtId))
      .map((courtId) => rooms.court(courtId));
    if (courtRooms.length > 0) io.to(courtRooms).emit('action:event', m);
    if (team && (news.entry.kind === 'arrived' || news.entry.kind === 'departed')) io.to(rooms.team(team.id)).emit('action:event', m);
  };
}
