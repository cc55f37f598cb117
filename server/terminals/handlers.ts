import { rooms } from '../../protocol/rooms.ts';
import type { Logger } from '../logger.ts';
import type { AppServer, AppSocket } from '../realtime/types.ts';
import type { TerminalRegistry } from './TerminalRegistry.ts';

/** Presence: consoles see field terminals appear and disappear. */
export function createTerminalHandlers(io: AppServer, registry: TerminalRegistry, logger: Logger) {
  registry.on('online', (info) => io.to(rooms.consoles()).emit('terminal:online', info));
  registry.on('offline', (terminalId) => io.to(rooms.consoles()).emit('terminal:offline', { terminalId }));

  return async function onConnection(socket: AppSocket): Promise<void> {
    const { client, terminalId, label } = socket.data;
    if (client === 'console') {
      await socket.join(rooms.consoles());
      socket.emit('terminals:list', registry.list());
      return;
    }
    if (terminalId === null) return;
    await socket.join(rooms.terminal(terminalId));
    socket.once('disconnect', () => {
      registry.disconnect(terminalId, socket.id).catch((err: unknown) => logger.error({ err, terminalId }, 'terminal disconnect not recorded'));
    });
    await registry.connect(terminalId, label, socket.id);
  };
}
