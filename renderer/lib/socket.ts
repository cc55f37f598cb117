import { io, type Socket } from 'socket.io-client';
import type { Ack, ErrorCode } from '../../protocol/errors.ts';
import type { ClientToServerEvents, ServerToClientEvents } from '../../protocol/events.ts';
import type { HandshakeAuth } from '../../protocol/terminal.ts';
import { tBoth } from './i18n.ts';
import { Store } from './store.ts';

/** The typed Socket.IO client. */
export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export type ConnectionState = 'connecting' | 'connected' | 'disconnected' | 'error';

export interface Connection {
  socket: ClientSocket;
  /** 'connected' only once the server said session:ready (its handlers are in place). */
  state: Store<ConnectionState>;
  lastError: Store<string | null>;
  /** Closes the socket for good (sign-out): no reconnection after this. */
  close(): void;
}

/** The wait before reconnecting after the server disconnected us for the `n`th time in a row (0-based). */
export function serverDisconnectDelayMs(n: number, random: number = Math.random()): number {
  return Math.round(Math.min(5_000, 500 * 2 ** n) * (0.5 + random));
}

/** Opens the socket to the server that served this page. */
export function connect(auth: HandshakeAuth, url: string = window.location.origin): Connection {
  const socket: ClientSocket = io(url, { auth, transports: ['websocket', 'polling'] });
  const state = new Store<ConnectionState>('connecting');
  const lastError = new Store<string | null>(null);
  let closed = false;
  let serverDisconnects = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  socket.on('session:ready', () => {
    serverDisconnects = 0;
    state.set('connected');
    lastError.set(null);
  });
  socket.on('disconnect', (reason) => {
    state.set('disconnected');
    // A server shutting down (restart, upgrade) disconnects every socket itself, and Socket.IO takes
    // "io server disconnect" as final: it would never reconnect. Try again (then with Socket.IO's own
    // backoff while the server is down). A socket the server keeps refusing (set-up failing before
    // session:ready) waits longer each time. A logout elsewhere ends here: its handshake is refused.
    if (reason !== 'io server disconnect' || closed) return;
    timer = setTimeout(() => {
      if (!closed) socket.connect();
    }, serverDisconnectDelayMs(serverDisconnects++));
  });
  socket.io.on('reconnect_attempt', () => state.set('connecting'));
  socket.on('connect_error', (err) => {
    state.set('error');
    lastError.set(err.message);
  });
  return {
    socket,
    state,
    lastError,
    close() {
      closed = true;
      clearTimeout(timer);
      socket.close();
    },
  };
}

/** A request the server answered with `{ ok: false }`, or that timed out. */
export class RequestError extends Error {
  readonly code: ErrorCode | 'ERR_TIMEOUT';
  constructor(code: ErrorCode | 'ERR_TIMEOUT', message: string) {
    super(message);
    this.name = 'RequestError';
    this.code = code;
  }
}

/** Unwraps an ack; throws RequestError for a failure answer. */
export function unwrap<T>(event: string, answer: Ack<T>): T {
  if (answer.ok) return answer.value;
  throw new RequestError(answer.code, `${event}: ${answer.message}`);
}

/** Every round trip has a deadline (STYLE §5). */
export const REQUEST_TIMEOUT_MS = 8_000;

type Requests = ClientToServerEvents;
type Payload<E extends keyof Requests> = Parameters<Requests[E]> extends [infer P, unknown] ? [P] : [];
type AckValue<E extends keyof Requests> = Parameters<Requests[E]> extends [...unknown[], (a: Ack<infer V>) => void] ? V : never;

/**
 * Sends one request and resolves with the server's value, or throws RequestError (failure answer
 * or no answer within REQUEST_TIMEOUT_MS). The one place that bridges Socket.IO's ack typing.
 */
export async function request<E extends keyof Requests>(socket: ClientSocket, event: E, ...payload: Payload<E>): Promise<AckValue<E>> {
  const emitter = socket.timeout(REQUEST_TIMEOUT_MS) as unknown as {
    emitWithAck(e: string, ...args: unknown[]): Promise<Ack<AckValue<E>>>;
  };
  let answer: Ack<AckValue<E>>;
  try {
    answer = await emitter.emitWithAck(event, ...payload);
  } catch {
    // Socket.IO rejects only on timeout (or disconnect before the answer).
    throw new RequestError('ERR_TIMEOUT', `${event}: ${tBoth('error.noAnswer', { ms: REQUEST_TIMEOUT_MS })}`);
  }
  return unwrap(event, answer);
}

/** Server events a model listens to, by name (Socket.IO's own events such as 'disconnect' are not among them). */
export type ServerHandlers = { [E in keyof ServerToClientEvents]?: ServerToClientEvents[E] };

/** Adds a listener per server event; the function returned removes exactly those (a model's stop or close). */
export function listen(socket: ClientSocket, handlers: ServerHandlers): () => void {
  // Socket.IO's typed on/off take one event at a time; the handlers are typed per event above.
  const entries = Object.entries(handlers) as [keyof ServerToClientEvents, never][];
  for (const [event, fn] of entries) socket.on(event, fn);
  return () => {
    for (const [event, fn] of entries) socket.off(event, fn);
  };
}
