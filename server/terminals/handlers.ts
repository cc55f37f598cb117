import { rooms } from '../../protocol/rooms.ts';
import type { TerminalInfo } from '../../protocol/terminal.ts';
import type { CourtTree } from '../courts/CourtTree.ts';
import type { Logger } from '../logger.ts';
import { courtAudience, watchesCourt } from '../realtime/memberships.ts';
import type { AppServer, AppSocket } from '../realtime/types.ts';
import type { TerminalRegistry } from './TerminalRegistry.ts';

/** Presence: consoles see the field terminals of their court's branch appear and disappear. */
export function createTerminalHandlers(io: AppServer, registry: TerminalRegistry, courts: () => CourtTree, logger: Logger) {
  const toAudience = (info: TerminalInfo) => io.to(courtAudience(courts(), info.courtId));
  registry.on('online', (info) => toAudience(info).emit('terminal:online', info));
  registry.on('offline', (info) => toAudience(info).emit('terminal:offline', { terminalId: info.terminalId }));

  return async function onConnection(socket: AppSocket): Promise<void> {
    const { client, terminalId, label, courtId } = socket.data;
    if (client === 'console') {
      // Administrators (三权分立) see no field data (joinBaseRooms put them in no court room).
      if (!watchesCourt(socket.data)) return;
      socket.emit('terminals:list', registry.list((t) => courts().canSee(courtId, t.courtId)));
      return;
    }
    if (terminalId === null) return;
    await socket.join(rooms.terminal(terminalId));
    socket.once('disconnect', () => {
      registry.disconnect(terminalId, socket.id).catch((err: unknown) => logger.error({ err, terminalId }, 'terminal disconnect not recorded'));
    });
    await registry.connect(terminalId, label, courtId, socket.id);
  };
}
