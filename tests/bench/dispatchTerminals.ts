// A child process of the `dispatch` benchmark: simulates field terminals. Each one is a real
// socket.io-client socket (websocket transport) signed in as its own field officer, sending its
// team's position once a second, and stamping the instructions it receives. Several of these run
// side by side, each from its own loopback address, so that neither one client event loop nor the
// ephemeral ports of one source address hold up the figures. Whatever goes wrong is counted and
// reported, never thrown: a benchmark prints figures.
import { performance } from 'node:perf_hooks';
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../protocol/events.ts';
import { INSTRUCTION_PREFIX, isToTerminals, noFailures, type FromTerminals, type TerminalFailures, type TerminalSpec } from './terminalProtocol.ts';

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

interface Terminal {
  socket: ClientSocket;
  lng: number;
  lat: number;
  /** performance.now() of its next position. */
  due: number;
}

const CONNECT_CONCURRENCY = 25;
const CONNECT_TIMEOUT_MS = 30_000;

function send(m: FromTerminals): void {
  // The callback takes the one expected failure, the parent gone (it stopped us): no one is left to tell.
  if (process.connected) process.send?.(m, undefined, {}, () => undefined);
}

const terminals: Terminal[] = [];
const failures = noFailures();
const disconnectReasons: Record<string, number> = {};
const firstErrors: Partial<Record<keyof TerminalFailures, string>> = {};
let sent = 0;
let deliveries: [number, number][] = [];
let wheel: NodeJS.Timeout | null = null;

function count(kind: keyof TerminalFailures, err: unknown): void {
  failures[kind]++;
  firstErrors[kind] ??= err instanceof Error ? `${err.message}${describe(err)}` : String(err);
}

/** engine.io's TransportError keeps the underlying cause (ECONNRESET, EMFILE…) in `description`. */
function describe(err: Error): string {
  const description: unknown = 'description' in err ? err.description : undefined;
  if (description instanceof Error) return ` (${description.message})`;
  const inner: unknown = typeof description === 'object' && description !== null && 'error' in description ? description.error : undefined;
  return inner instanceof Error ? ` (${inner.message})` : '';
}

// A simulated terminal must never take the other 2,499 down with it: count, and carry on.
process.on('uncaughtException', (err) => count('exceptions', err));
process.on('unhandledRejection', (err) => count('exceptions', err));

function connectOne(url: string, localAddress: string | null, spec: TerminalSpec): Promise<Terminal | null> {
  // engine.io-client hands `localAddress` to ws, and ws to http.request (its types do not declare it).
  const options: Partial<ManagerOptions & SocketOptions> & { localAddress?: string } = {
    auth: { client: 'field', token: spec.token, label: `压测终端 ${spec.teamId.slice(0, 8)}` },
    transports: ['websocket'],
    reconnection: false,
    ...(localAddress ? { localAddress } : {}),
  };
  const socket: ClientSocket = io(url, options);
  socket.on('error:message', () => failures.serverErrors++);
  socket.on('instruction:new', (view) => {
    // The wall clock: what this process and the issuing one share.
    const at = Date.now();
    if (view.text.startsWith(INSTRUCTION_PREFIX)) deliveries.push([Number(view.text.slice(INSTRUCTION_PREFIX.length)), at]);
    // What a real terminal does on receipt: tell the server it has it.
    socket
      .timeout(10_000)
      .emitWithAck('instruction:delivered', { instructionId: view.id })
      .then((res) => {
        if (!res.ok) count('emitFailures', `${res.code}: ${res.message}`);
      })
      .catch((err: unknown) => count('emitFailures', err));
  });
  return new Promise((resolve) => {
    const fail = (kind: 'connectFailures' | 'connectTimeouts', err: unknown) => {
      clearTimeout(timer);
      socket.removeAllListeners();
      socket.close();
      count(kind, err);
      resolve(null);
    };
    const timer = setTimeout(() => fail('connectTimeouts', `no session:ready within ${CONNECT_TIMEOUT_MS / 1000} s`), CONNECT_TIMEOUT_MS);
    socket.once('connect_error', (err) => fail('connectFailures', err));
    // Connected, then dropped before session:ready (the server refused the session).
    socket.once('disconnect', (reason) => fail('connectFailures', `disconnected before session:ready (${reason})`));
    socket.once('session:ready', () => {
      clearTimeout(timer);
      socket.removeAllListeners('connect_error').removeAllListeners('disconnect');
      socket.on('disconnect', (reason) => {
        disconnectReasons[reason] = (disconnectReasons[reason] ?? 0) + 1;
        count('disconnects', reason);
      });
      resolve({ socket, lng: spec.lng, lat: spec.lat, due: 0 });
    });
  });
}

async function connectAll(url: string, localAddress: string | null, specs: TerminalSpec[]): Promise<void> {
  let next = 0;
  let failed = 0;
  const progress = setInterval(() => send({ type: 'progress', connected: terminals.length, failed }), 1_000);
  await Promise.all(
    Array.from({ length: CONNECT_CONCURRENCY }, async () => {
      while (next < specs.length) {
        const terminal = await connectOne(url, localAddress, specs[next++] as TerminalSpec);
        if (terminal) terminals.push(terminal);
        else failed++;
      }
    }),
  );
  clearInterval(progress);
  send({ type: 'connected', connected: terminals.length, failed });
}

/** Every terminal sends once a second, their phases spread evenly over the second; lost ones stay silent. */
function startSending(): void {
  const start = performance.now();
  terminals.forEach((t, i) => (t.due = start + (i * 1000) / terminals.length));
  let cursor = 0;
  wheel = setInterval(() => {
    const t0 = performance.now();
    for (let guard = 0; guard < terminals.length; guard++) {
      const t = terminals[cursor] as Terminal;
      if (t.due > t0) break;
      t.due += 1000;
      cursor = (cursor + 1) % terminals.length;
      // A disconnected socket would buffer every emit until the end: a lost terminal sends nothing.
      if (!t.socket.connected) continue;
      // A slow random walk (about 10 m a step) around the team's court.
      t.lng += (Math.random() - 0.5) * 2e-4;
      t.lat += (Math.random() - 0.5) * 2e-4;
      t.socket.emit('team:position', { lng: t.lng, lat: t.lat, accuracy: 10, at: new Date().toISOString() });
      sent++;
    }
  }, 5);
}

process.on('message', (m: unknown) => {
  if (!isToTerminals(m)) return;
  if (m.type === 'init') void connectAll(m.url, m.localAddress, m.terminals);
  else if (m.type === 'start') startSending();
  else if (m.type === 'report') {
    const live = terminals.reduce((n, t) => n + (t.socket.connected ? 1 : 0), 0);
    send({ type: 'report', sent, live, failures, disconnectReasons, firstErrors, deliveries });
    sent = 0;
    deliveries = [];
  } else {
    if (wheel) clearInterval(wheel);
    for (const t of terminals) t.socket.removeAllListeners('disconnect').close();
    send({ type: 'stopped' });
    process.disconnect?.();
  }
});
