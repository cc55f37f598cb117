import { compileChecker } from '../../protocol/check.ts';
import { SetTeamStatus, TeamPosition } from '../../protocol/position.ts';
import { rooms } from '../../protocol/rooms.ts';
import { DispatchError, ForbiddenError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { onRequest, watchesCourt, type Connection, type AppServer, type AppSocket } from '../realtime/index.ts';
import type { PositionHub, TeamAudience } from './PositionHub.ts';

const isTeamPosition = compileChecker(TeamPosition);
const isSetTeamStatus = compileChecker(SetTeamStatus);

const NO_TEAM = '该账号不属于任何执行组 / this account belongs to no team';
const FIELD_ONLY = '仅外勤终端可上报 / only field terminals report team position and status';

/** Listens for 'team:position'. Socket.IO's typed `on` cannot express "validate first": the listener takes unknown arguments on purpose. */
function onPosition(socket: AppSocket, listener: (...args: unknown[]) => void): void {
  (socket as unknown as { on(e: string, l: (...a: unknown[]) => void): void }).on('team:position', listener);
}

/**
 * Positions and team status on the sockets: watching consoles (in their court's room) get a
 * snapshot; field terminals report for their officer's team, watched while the connection lives.
 */
export function createPositionHandlers(io: AppServer, hub: PositionHub, logger: Logger) {
  const courtRooms = (a: TeamAudience) => a.courts.map((c) => rooms.court(c));
  // Volatile: a console whose websocket is still busy with the previous frame skips this one and
  // gets the next (newer) one; a backlog of stale positions is worse than a gap of 100 ms.
  hub.on('frame', (courtId, frame) => io.to(rooms.court(courtId)).volatile.emit('positions', frame));
  hub.on('updated', (update, audience) => io.to([...courtRooms(audience), ...audience.sockets]).emit('team:updated', update));
  // The warning itself: consoles show it. Recording warning rows belongs to the warnings service, which subscribes to hub 'lost'.
  hub.on('lost', (lost, audience) => io.to(courtRooms(audience)).emit('team:lost', lost));

  return async function onConnection(conn: Connection): Promise<void> {
    const { socket } = conn;
    const { client, courtId, userId, username } = conn.data;
    if (client === 'console') {
      // Only terminals report for a team: a console trying is told so (and stays connected).
      onPosition(socket, () => socket.emit('error:message', { event: 'team:position', code: 'ERR_FORBIDDEN', message: FIELD_ONLY }));
      onRequest(socket, logger, 'team:status', isSetTeamStatus, async () => {
        throw new ForbiddenError(FIELD_ONLY);
      });
      // Administrators (三权分立) see no team data, on a socket as over REST (no court room either).
      if (!watchesCourt(socket.data)) return;
      const snapshot = hub.snapshot(courtId);
      if (snapshot) socket.emit('positions', snapshot);
      for (const update of hub.lostTeams(courtId)) socket.emit('team:updated', update);
      return;
    }

    const team = await hub.attach(socket.id, userId);
    // On a connection that dropped meanwhile, hold() releases at once: the team is not left watched.
    if (team) conn.hold(() => hub.detach(socket.id, team.id));

    // Fire-and-forget at 1 Hz: no ack. Refusals go back as error:message; the socket stays up.
    onPosition(socket, (...args: unknown[]) => {
      const payload = args[0];
      if (!isTeamPosition(payload)) {
        socket.emit('error:message', { event: 'team:position', code: 'ERR_BAD_MESSAGE', message: `team:position: ${isTeamPosition.explain(payload) || 'invalid payload'}` });
        return;
      }
      if (!team) {
        socket.emit('error:message', { event: 'team:position', code: 'ERR_FORBIDDEN', message: NO_TEAM });
        return;
      }
      try {
        hub.report(team.id, payload);
      } catch (err) {
        if (err instanceof DispatchError) {
          socket.emit('error:message', { event: 'team:position', code: err.code === 'ERR_FORBIDDEN' ? 'ERR_FORBIDDEN' : 'ERR_BAD_MESSAGE', message: err.message });
        } else logger.error({ err, teamId: team.id }, 'team:position failed');
      }
    });

    onRequest(socket, logger, 'team:status', isSetTeamStatus, async (m) => {
      if (!team) throw new ForbiddenError(NO_TEAM);
      return hub.setStatus(team.id, m.status, { userId, username });
    });
  };
}
