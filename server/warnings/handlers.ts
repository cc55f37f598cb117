import { compileChecker } from '../../protocol/check.ts';
import { rooms } from '../../protocol/rooms.ts';
import { AcknowledgeWarning, ListWarnings, RaiseSos } from '../../protocol/warning.ts';
import type { CourtTree } from '../courts/index.ts';
import type { Logger } from '../logger.ts';
import { requireConsole, requireTerminal, onRequest, audienceRooms, type Connection, type AppServer } from '../realtime/index.ts';
import type { WarningService } from './WarningService.ts';

const isListWarnings = compileChecker(ListWarnings);
const isAckWarning = compileChecker(AcknowledgeWarning);
const isSos = compileChecker(RaiseSos);

/** Warnings over Socket.IO: the consoles that may see a warning hear it; consoles list and 确认 them; terminals raise SOS. */
export function createWarningHandlers(io: AppServer, warnings: WarningService, courts: () => CourtTree, logger: Logger) {
  // One emit to the union of rooms: a socket in several of them (a leader's console) hears it once.
  warnings.on('raised', (w, userIds) => {
    io.to([...audienceRooms(courts(), w.courtId), ...userIds.map(rooms.user)]).emit('warning:raised', w);
  });
  warnings.on('updated', (w) => {
    io.to(audienceRooms(courts(), w.courtId)).emit('warning:updated', w);
  });

  return async function onConnection(conn: Connection): Promise<void> {
    const { socket, actor } = conn;
    onRequest(socket, logger, 'warning:list', isListWarnings, async (m) => {
      requireConsole(conn, 'dispatch:read', '查看预警');
      return warnings.list(actor, m);
    });
    onRequest(socket, logger, 'warning:ack', isAckWarning, async (m) => {
      requireConsole(conn, 'warnings:ack', '确认预警');
      return warnings.acknowledge(actor, m.warningId);
    });
    onRequest(socket, logger, 'sos:raise', isSos, async (m) => {
      requireTerminal(conn, '发出 SOS');
      return warnings.raiseSos(actor, m);
    });
  };
}
