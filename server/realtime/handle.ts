import type { Static, TSchema } from 'typebox';
import type { Ack } from '../../protocol/errors.ts';
import type { ClientToServerEvents } from '../../protocol/events.ts';
import type { Checker } from '../../protocol/check.ts';
import { DispatchError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { AppSocket } from './types.ts';

type EventName = keyof ClientToServerEvents;
type AckValue<E extends EventName> = Parameters<ClientToServerEvents[E]> extends [...unknown[], (a: Ack<infer V>) => void] ? V : never;

/** Turns a thrown error into the ack a client gets; unexpected errors are logged and hidden. */
export function toFailure(err: unknown, logger: Logger, event: string): Ack<never> {
  if (err instanceof DispatchError) return { ok: false, code: err.code, message: err.message };
  // mediasoup throws TypeError on parameters it rejects (bad rtpParameters, bad dtlsParameters).
  if (err instanceof TypeError) return { ok: false, code: 'ERR_BAD_MESSAGE', message: err.message };
  logger.error({ err, event }, 'socket handler failed');
  return { ok: false, code: 'ERR_INTERNAL', message: '服务器内部错误 / internal error' };
}

/**
 * Registers a request/ack handler for an event that carries one payload. The payload is checked
 * against `check` before `fn` sees it; a missing ack callback or a bad payload never throws.
 */
export function onRequest<E extends EventName, S extends TSchema>(
  socket: AppSocket,
  logger: Logger,
  event: E,
  check: Checker<S>,
  fn: (payload: Static<S>) => Promise<AckValue<E>>,
): void {
  const listener = async (...args: unknown[]) => {
    const ack = args[args.length - 1];
    const payload = args.length > 1 ? args[0] : undefined;
    if (typeof ack !== 'function') {
      socket.emit('error:message', { event, code: 'ERR_BAD_MESSAGE', message: 'acknowledgement callback required' });
      return;
    }
    if (!check(payload)) {
      ack({ ok: false, code: 'ERR_BAD_MESSAGE', message: `${event}: ${check.explain(payload) || 'invalid payload'}` });
      return;
    }
    try {
      ack({ ok: true, value: await fn(payload) });
    } catch (err) {
      ack(toFailure(err, logger, event));
    }
  };
  // Socket.IO's typed `on` cannot express "validate first"; the listener takes unknown arguments on purpose.
  (socket as unknown as { on(e: string, l: (...a: unknown[]) => void): void }).on(event, listener);
}

/** Registers a request/ack handler for an event without payload (only the ack). */
export function onQuery<E extends EventName>(
  socket: AppSocket,
  logger: Logger,
  event: E,
  fn: () => Promise<AckValue<E>>,
): void {
  const listener = async (...args: unknown[]) => {
    const ack = args[args.length - 1];
    if (typeof ack !== 'function') {
      socket.emit('error:message', { event, code: 'ERR_BAD_MESSAGE', message: 'acknowledgement callback required' });
      return;
    }
    try {
      ack({ ok: true, value: await fn() });
    } catch (err) {
      ack(toFailure(err, logger, event));
    }
  };
  (socket as unknown as { on(e: string, l: (...a: unknown[]) => void): void }).on(event, listener);
}
