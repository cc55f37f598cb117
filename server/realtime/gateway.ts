import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { Server } from 'socket.io';
import { compileChecker } from '../../protocol/check.ts';
import { HandshakeAuth } from '../../protocol/terminal.ts';
import type { Logger } from '../logger.ts';
import type { AppServer, AppSocket } from './types.ts';
import type { Server as HttpServer } from 'node:http';
import { fastifyCookie } from '@fastify/cookie';
import { can, type Principal } from '../auth/index.ts';
import { SESSION_COOKIE } from '../http/index.ts';
import type { Clock } from '../clock.ts';
import { Connection } from './Connection.ts';

const isHandshakeAuth = compileChecker(HandshakeAuth);

/** A feature's set-up of a new connection; the socket hears 'session:ready' once all have run. */
export type ConnectionHandler = (conn: Connection) => Promise<void>;

/** Resolves a session token to its principal, or throws (AuthService.authenticate). */
export type Authenticate = (token: string | undefined) => Promise<Principal>;

export interface GatewayOptions {
  authenticate: Authenticate;
  clock: Clock;
  /** Origins other than the server's own that may open a socket (config server.trustedOrigins). */
  trustedOrigins: readonly string[];
  logger: Logger;
}

/** An Error whose `data` Socket.IO sends to the client in `connect_error`. */
class HandshakeError extends Error {
  readonly data: { code: string };
  constructor(code: string, message: string) {
    super(message);
    this.data = { code };
  }
}

/**
 * The Socket.IO gateway: origin check and handshake validation once, in `io.use()`, then each
 * feature's connection handler. Features register their own events; this file knows none of them.
 */
export class Gateway {
  readonly io: AppServer;
  readonly #handlers: ConnectionHandler[] = [];
  readonly #logger: Logger;
  readonly #clock: Clock;

  constructor(httpServer: HttpServer, opts: GatewayOptions) {
    this.#logger = opts.logger;
    this.#clock = opts.clock;
    this.io = new Server(httpServer, {
      serveClient: false,
      // Instructions and media signalling are small; a megabyte bounds a hostile frame.
      maxHttpBufferSize: 1_000_000,
      pingInterval: 10_000,
      pingTimeout: 8_000,
    });
    this.io.use(async (socket, next) => {
      const origin = socket.handshake.headers.origin;
      if (!isOriginAllowed(origin, socket.handshake.headers, opts.trustedOrigins)) {
        this.#logger.warn({ origin }, 'socket rejected: origin');
        next(new HandshakeError('ERR_ORIGIN_REJECTED', `origin ${origin} not allowed`));
        return;
      }
      const auth: unknown = socket.handshake.auth;
      if (!isHandshakeAuth(auth)) {
        next(new HandshakeError('ERR_BAD_MESSAGE', `handshake auth: ${isHandshakeAuth.explain(auth)}`));
        return;
      }
      let principal: Principal;
      try {
        const cookies = fastifyCookie.parse(socket.handshake.headers.cookie ?? '');
        principal = await opts.authenticate(auth.token ?? cookies[SESSION_COOKIE]);
      } catch {
        next(new HandshakeError('ERR_UNAUTHENTICATED', '未登录或会话已失效 / not signed in or session expired'));
        return;
      }
      // The declared client must be one the role may be: only a field officer is a terminal (and may
      // publish video), and an officer's account is no console.
      if (!can(principal.role, auth.client === 'field' ? 'client:field' : 'client:console')) {
        this.#logger.warn({ userId: principal.userId, role: principal.role, client: auth.client }, 'socket rejected: client kind');
        next(new HandshakeError('ERR_FORBIDDEN', clientKindRefusal(auth.client)));
        return;
      }
      const terminalId = auth.client === 'field' ? (auth.terminalId ?? randomUUID()) : null;
      socket.data = {
        client: auth.client,
        userId: principal.userId,
        username: principal.username,
        displayName: principal.displayName,
        role: principal.role,
        courtId: principal.courtId,
        sessionId: principal.sessionId,
        terminalId,
        label: auth.label ?? (auth.client === 'field' ? `${principal.displayName} 的终端` : principal.displayName),
      };
      next();
    });
    this.io.on('connection', (socket) => void this.#onConnection(socket));
  }

  /** Adds a feature's connection handler (call before clients connect). */
  onConnection(handler: ConnectionHandler): void {
    this.#handlers.push(handler);
  }

  async #onConnection(socket: AppSocket): Promise<void> {
    // The connection exists, and will be closed, before any feature sets anything up for it.
    const conn = new Connection(socket, this.#logger);
    socket.once('disconnect', () => void conn.close());
    try {
      for (const handler of this.#handlers) {
        if (conn.closed) return;
        await handler(conn);
      }
    } catch (err) {
      this.#logger.error({ err }, 'socket set-up failed');
      socket.disconnect(true);
      return;
    }
    if (conn.closed) return;
    // Clients send requests only after this: handlers registered after an await would miss earlier events.
    socket.emit('session:ready', {
      client: socket.data.client,
      terminalId: socket.data.terminalId,
      serverTime: new Date(this.#clock.now()).toISOString(),
    });
  }

  /** Counts connected sockets by kind, for /api/health. */
  counts(): { consoles: number; terminals: number } {
    let consoles = 0;
    let terminals = 0;
    for (const s of this.io.sockets.sockets.values()) {
      if (s.data.client === 'console') consoles++;
      else terminals++;
    }
    return { consoles, terminals };
  }

  /**
   * Closes every client's connection and the engine. Runs in Fastify's preClose so that open
   * websockets do not hold the http server's close() open; the http server itself is Fastify's.
   * The connections are dropped, not told "disconnect": a Socket.IO client takes a disconnect packet
   * as final and never reconnects, so every console, phone and 4G unit would stay offline after a
   * restart. Dropped, each reconnects by itself and is served again by the next server. The sockets'
   * own 'disconnect' handlers still run here, before the store closes.
   */
  close(): void {
    this.io.engine.close();
  }
}

function clientKindRefusal(client: 'console' | 'field'): string {
  return client === 'field'
    ? '只有外勤干警账号可以作为外勤终端连接 / only a field officer may connect as a field terminal'
    : '外勤干警账号请使用外勤终端（/field） / a field officer signs in on the field terminal (/field), not the console';
}

/**
 * Browsers always send Origin on cross-origin and websocket requests; a page of another site must
 * not drive a console's socket. Non-browser clients (4G units, tests) send none and are accepted
 * here; authentication, not Origin, is what keeps them out.
 */
export function isOriginAllowed(origin: string | undefined, headers: IncomingHttpHeaders, trusted: readonly string[]): boolean {
  if (origin === undefined) return true;
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false;
  }
  if (trusted.includes(parsed.origin)) return true;
  return headers.host !== undefined && parsed.host === headers.host;
}
