import type { TerminalInfo } from '../../protocol/terminal.ts';
import type { CourtTree } from '../courts/index.ts';
import type { Logger } from '../logger.ts';
import { audienceRooms, watchesCourt, type Connection, type AppServer } from '../realtime/index.ts';
import type { TerminalRegistry } from './TerminalRegistry.ts';

/** Presence: consoles see the field terminals of their court's branch appear and disappear. */
export function createTerminalHandlers(io: AppServer, registry: TerminalRegistry, courts: () => CourtTree, logger: Logger) {
  const toAudience = (info: TerminalInfo) => io.to(audienceRooms(courts(), info.courtId));
  registry.on('online', (info) => toAudience(info).emit('terminal:online', info));
  registry.on('offline', (info) => toAudience(info).emit('terminal:offline', { terminalId: info.terminalId }));

  return async function onConnection(conn: Connection): Promise<void> {
    const { client, terminalId, label, courtId } = conn.data;
    if (client === 'console') {
      // Administrators (三权分立) see no field data (they sit in no court room).
      if (!watchesCourt(conn.data)) return;
      conn.socket.emit('terminals:list', registry.list((t) => courts().canSee(courtId, t.courtId)));
      return;
    }
    if (terminalId === null) return;
    await registry.connect(terminalId, label, courtId, conn.id);
    // On a connection that dropped meanwhile, hold() releases at once: the terminal goes offline again.
    conn.hold(() => registry.disconnect(terminalId, conn.id).catch((err: unknown) => logger.error({ err, terminalId }, 'terminal disconnect not recorded')));
  };
}
