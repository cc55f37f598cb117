// The messages between the `dispatch` benchmark and its terminal processes (dispatchTerminals.ts),
// apart from that script so that importing them runs none of its process-wide set-up here.

/** One simulated terminal: its session token and where its team starts. */
export interface TerminalSpec {
  token: string;
  teamId: string;
  lng: number;
  lat: number;
}

/** Parent → child. `localAddress` is the source address of every socket (127.0.0.x), null for the default. */
export type ToTerminals =
  | { type: 'init'; url: string; localAddress: string | null; terminals: TerminalSpec[] }
  | { type: 'start' }
  | { type: 'report' }
  | { type: 'stop' };

/** What went wrong in one process, by kind, since it started (these are never reset). */
export interface TerminalFailures {
  /** connect_error before session:ready (refused, reset, rejected by the server's auth). */
  connectFailures: number;
  /** No session:ready within CONNECT_TIMEOUT_MS. */
  connectTimeouts: number;
  /** Sockets lost after session:ready (ping timeout, transport close, server disconnect). */
  disconnects: number;
  /** `instruction:delivered` unanswered within 10 s or refused. */
  emitFailures: number;
  /** `error:message` events from the server. */
  serverErrors: number;
  /** Exceptions nothing else caught (uncaughtException, unhandledRejection). */
  exceptions: number;
}

/** Every kind of TerminalFailures, in the order the benchmark's line lists them. */
export const FAILURE_KINDS = ['connectFailures', 'connectTimeouts', 'disconnects', 'emitFailures', 'serverErrors', 'exceptions'] as const satisfies readonly (keyof TerminalFailures)[];

/** Child → parent. A report's `sent` and `deliveries` count since the previous report; `failures` since the start. */
export type FromTerminals =
  | { type: 'progress'; connected: number; failed: number }
  | { type: 'connected'; connected: number; failed: number }
  | {
      type: 'report';
      sent: number;
      /** Terminals whose socket is connected now. */
      live: number;
      failures: TerminalFailures;
      /** Disconnect reasons (socket.io's `reason`) and how often each came. */
      disconnectReasons: Record<string, number>;
      /** The first reason met of each kind. */
      firstErrors: Partial<Record<keyof TerminalFailures, string>>;
      /** [instruction seq, receipt time (Date.now())]. */
      deliveries: [number, number][];
    }
  | { type: 'stopped' };

/** Instructions carry their sequence number in the text (`压测#123`) so receipt can be matched to issue. */
export const INSTRUCTION_PREFIX = '压测#';

/** An empty failure count. */
export function noFailures(): TerminalFailures {
  return { connectFailures: 0, connectTimeouts: 0, disconnects: 0, emitFailures: 0, serverErrors: 0, exceptions: 0 };
}

/** The sum of two failure counts. */
export function addFailures(a: TerminalFailures, b: TerminalFailures): TerminalFailures {
  return {
    connectFailures: a.connectFailures + b.connectFailures,
    connectTimeouts: a.connectTimeouts + b.connectTimeouts,
    disconnects: a.disconnects + b.disconnects,
    emitFailures: a.emitFailures + b.emitFailures,
    serverErrors: a.serverErrors + b.serverErrors,
    exceptions: a.exceptions + b.exceptions,
  };
}

/** Whether an IPC message is one the parent sends. */
export function isToTerminals(m: unknown): m is ToTerminals {
  return typeof m === 'object' && m !== null && 'type' in m && typeof m.type === 'string' && ['init', 'start', 'report', 'stop'].includes(m.type);
}

/** Whether an IPC message is one a terminal process sends. */
export function isFromTerminals(m: unknown): m is FromTerminals {
  return typeof m === 'object' && m !== null && 'type' in m && typeof m.type === 'string' && ['progress', 'connected', 'report', 'stopped'].includes(m.type);
}
