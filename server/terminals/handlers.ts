import { rooms } from '../../protocol/rooms.ts';
import type { TerminalInfo } from '../../protocol/terminal.ts';
import { can } from '../auth/permissions.ts';
import type { CourtTree } from '../courts/CourtTree.ts';
import type { Logger } from '../logger.ts';
import type { AppServer, AppSocket } from '../realtime/types.ts';
import type { TerminalRegistry } from './TerminalRegistry.ts';

/** The console rooms of a court and of every court above it: who may see a terminal of that court. */
function audience(tree: CourtTree, courtId: string): string[] {
  return tree.above(courtId).map((c) => rooms.courtConsoles(c));
}

/** Presence: consoles see the field terminals of their court's branch appear and disappear. */
export function createTerminalHandlers(io: AppServer, registry: TerminalRegistry, courts: () => CourtTree, logger: Logger) {
  const toAudience = (info: TerminalInfo) => io.to(audience(courts(), info.courtId));
  registry.on('online', (info) => toAudience(info).emit('terminal:online', info));
  registry.on('offline', (info) => toAudience(info).emit('terminal:offline', { terminalId: info.terminalId }));

  return async function onConnection(socket: AppSocket): Promise<void> {
    const { client, terminalId, label, courtId, role } = socket.data;
    if (client === 'console') {
      // Administrators (三权分立) see no field data: they join no court room.
      if (!can(role, 'teams:read')) return;
      await socket.join(rooms.courtConsoles(courtId));
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
