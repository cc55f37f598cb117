import type { Ack } from './errors.ts';
import type { ClientKind, TerminalInfo } from './terminal.ts';
import type { Role } from './domain.ts';
import type {
  ConnectTransport,
  Consume,
  ConsumerOptions,
  CreateTransport,
  FeedInfo,
  Produce,
  ResumeConsumer,
  TransportOptions,
} from './media.ts';
import type { RtpCapabilities } from 'mediasoup/types';

/** An acknowledgement callback: every client→server request gets exactly one answer. */
export type AckFn<T> = (answer: Ack<T>) => void;

/**
 * Client → server events. The payload types are what a *well-behaved* client sends; the server
 * checks every payload against its schema in protocol/ before use (Socket.IO's types are no validation).
 */
export interface ClientToServerEvents {
  'media:capabilities': (ack: AckFn<RtpCapabilities>) => void;
  'media:transport:create': (m: CreateTransport, ack: AckFn<TransportOptions>) => void;
  'media:transport:connect': (m: ConnectTransport, ack: AckFn<null>) => void;
  'media:produce': (m: Produce, ack: AckFn<{ feedId: string }>) => void;
  'media:consume': (m: Consume, ack: AckFn<ConsumerOptions>) => void;
  'media:consumer:resume': (m: ResumeConsumer, ack: AckFn<null>) => void;
}

/** Server → client events. */
export interface ServerToClientEvents {
  /** Sent once after connecting: who the server thinks this socket is. */
  'session:ready': (m: { client: ClientKind; terminalId: string | null; serverTime: string }) => void;
  /** To consoles: the full list on connect, then one event per change. */
  'terminals:list': (m: TerminalInfo[]) => void;
  'terminal:online': (m: TerminalInfo) => void;
  'terminal:offline': (m: { terminalId: string }) => void;
  'feeds:list': (m: FeedInfo[]) => void;
  'feed:added': (m: FeedInfo) => void;
  'feed:removed': (m: { feedId: string }) => void;
  /** A request that could not be answered by an ack (no callback given, or not an object). */
  'error:message': (m: { event: string; code: 'ERR_BAD_MESSAGE'; message: string }) => void;
}

export interface InterServerEvents {}

/** What the gateway's handshake middleware puts on `socket.data`. */
export interface SocketData {
  client: ClientKind;
  userId: string;
  username: string;
  role: Role;
  courtId: string;
  sessionId: string;
  /** Set for field terminals. */
  terminalId: string | null;
  label: string;
}
