import assert from 'node:assert/strict';
import type { Ack } from '../../protocol/errors.ts';
import type { ClientToServerEvents, ServerToClientEvents } from '../../protocol/events.ts';
import type { TestSocket } from './server.ts';

// Typed request/answer helpers for integration tests over real Socket.IO clients.

/** How long a test waits for an ack. */
export const ACK_TIMEOUT = 3_000;

type Requests = ClientToServerEvents;
type Payload<E extends keyof Requests> = Parameters<Requests[E]> extends [infer P, unknown] ? [P] : [];
type AckValue<E extends keyof Requests> = Parameters<Requests[E]> extends [...unknown[], (a: Ack<infer V>) => void] ? V : never;

/** One request with its deadline, typed by the event map (Socket.IO's timeout() typing loses the answer's type). */
export function send<E extends keyof Requests>(socket: TestSocket, event: E, ...payload: Payload<E>): Promise<Ack<AckValue<E>>> {
  const emitter = socket.timeout(ACK_TIMEOUT) as unknown as { emitWithAck(e: string, ...args: unknown[]): Promise<Ack<AckValue<E>>> };
  return emitter.emitWithAck(event, ...payload);
}

/** The value of a successful answer; fails the test on a refusal. */
export function ok<T>(res: Ack<T>): T {
  if (!res.ok) assert.fail(`expected ok, got ${res.code}: ${res.message}`);
  return res.value;
}

/** The code and message of a refusal; fails the test on a success. */
export function failure(res: Ack<unknown>): { code: string; message: string } {
  if (res.ok) assert.fail(`expected a refusal, got ${JSON.stringify(res.value)}`);
  return { code: res.code, message: res.message };
}

/** Every payload of `event` the socket hears from now on. */
export function collect<E extends keyof ServerToClientEvents>(socket: TestSocket, event: E): Parameters<ServerToClientEvents[E]>[0][] {
  const got: Parameters<ServerToClientEvents[E]>[0][] = [];
  const s = socket as unknown as { on(e: string, l: (p: Parameters<ServerToClientEvents[E]>[0]) => void): void };
  s.on(event, (p) => got.push(p));
  return got;
}
