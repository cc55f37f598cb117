import type { ServerToClientEvents } from '../../protocol/events.ts';
import type { TestSocket } from './server.ts';

/** Resolves with the next `event` whose payload satisfies `match`; rejects after `timeoutMs`. */
export function nextEvent<E extends keyof ServerToClientEvents>(
  socket: TestSocket,
  event: E,
  match: (payload: Parameters<ServerToClientEvents[E]>[0]) => boolean = () => true,
  timeoutMs = 5_000,
): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  return new Promise((resolve, reject) => {
    type Payload = Parameters<ServerToClientEvents[E]>[0];
    const listener = (payload: Payload) => {
      if (!match(payload)) return;
      clearTimeout(timer);
      off();
      resolve(payload);
    };
    // Socket.IO's generic listener typing cannot follow E through the map; the event map still types callers.
    const s = socket as unknown as { on(e: string, l: (p: Payload) => void): void; off(e: string, l: (p: Payload) => void): void };
    const off = () => s.off(event, listener);
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    s.on(event, listener);
  });
}
