// A child process of the `dispatch` benchmark: simulates field terminals. Each one is a real
// socket.io-client socket (websocket transport) signed in as its own field officer, sending its
// team's position once a second, and stamping the instructions it receives. Several of these run
// side by side so that one client event loop does not hold up the figures.
import { performance } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../protocol/events.ts';

/** One simulated terminal: its session token and where its team starts. */
export interface TerminalSpec {
  token: string;
  teamId: string;
  lng: number;
  lat: number;
}

/** Parent → child. */
export type ToTerminals =
  | { type: 'init'; url: string; terminals: TerminalSpec[] }
  | { type: 'start' }
  | { type: 'report' }
  | { type: 'stop' };

/** Child → parent; a report counts since the previous one. `deliveries` holds [instruction seq, receipt time (Date.now())]. */
export type FromTerminals =
  | { type: 'connected'; connected: number; failed: number; firstError: string | null }
  | { type: 'report'; sent: number; errors: number; deliveries: [number, number][] }
  | { type: 'stopped' };

/** Instructions carry their sequence number in the text (`压测#123`) so receipt can be matched to issue. */
export const INSTRUCTION_PREFIX = '压测#';

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

interface Terminal {
  socket: ClientSocket;
  lng: number;
  lat: number;
  /** performance.now() of its next position. */
  due: number;
}

const CONNECT_CONCURRENCY = 25;

function isToTerminals(m: unknown): m is ToTerminals {
  return typeof m === 'object' && m !== null && 'type' in m && ['init', 'start', 'report', 'stop'].includes(String((m as { type: unknown }).type));
}

function send(m: FromTerminals): void {
  process.send?.(m);
}

const terminals: Terminal[] = [];
let sent = 0;
let errors = 0;
let deliveries: [number, number][] = [];
let wheel: NodeJS.Timeout | null = null;

function connectOne(url: string, spec: TerminalSpec): Promise<Terminal> {
  const socket: ClientSocket = io(url, {
    auth: { client: 'field', token: spec.token, label: `压测终端 ${spec.teamId.slice(0, 8)}` },
    transports: ['websocket'],
    reconnection: false,
  });
  socket.on('error:message', () => errors++);
  socket.on('instruction:new', (view) => {
    // The wall clock: what this process and the issuing one share.
    const at = Date.now();
    if (view.text.startsWith(INSTRUCTION_PREFIX)) deliveries.push([Number(view.text.slice(INSTRUCTION_PREFIX.length)), at]);
    // What a real terminal does on receipt: tell the server it has it.
    socket
      .timeout(10_000)
      .emitWithAck('instruction:delivered', { instructionId: view.id })
      .catch(() => errors++);
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no session:ready within 30 s')), 30_000);
    socket.once('session:ready', () => {
      clearTimeout(timer);
      resolve({ socket, lng: spec.lng, lat: spec.lat, due: 0 });
    });
    socket.once('connect_error', (err) => {
      clearTimeout(timer);
      socket.close();
      reject(err);
    });
  });
}

async function connectAll(url: string, specs: TerminalSpec[]): Promise<void> {
  let next = 0;
  let failed = 0;
  let firstError: string | null = null;
  await Promise.all(
    Array.from({ length: CONNECT_CONCURRENCY }, async () => {
      while (next < specs.length) {
        const spec = specs[next++] as TerminalSpec;
        try {
          terminals.push(await connectOne(url, spec));
        } catch (err) {
          failed++;
          firstError ??= err instanceof Error ? err.message : String(err);
        }
      }
    }),
  );
  send({ type: 'connected', connected: terminals.length, failed, firstError });
}

/** Every terminal sends once a second, their phases spread evenly over the second. */
function startSending(): void {
  const start = performance.now();
  terminals.forEach((t, i) => (t.due = start + (i * 1000) / terminals.length));
  let cursor = 0;
  wheel = setInterval(() => {
    const t0 = performance.now();
    for (let guard = 0; guard < terminals.length; guard++) {
      const t = terminals[cursor] as Terminal;
      if (t.due > t0) break;
      // A slow random walk (about 10 m a step) around the team's court.
      t.lng += (Math.random() - 0.5) * 2e-4;
      t.lat += (Math.random() - 0.5) * 2e-4;
      t.socket.emit('team:position', { lng: t.lng, lat: t.lat, accuracy: 10, at: new Date().toISOString() });
      sent++;
      t.due += 1000;
      cursor = (cursor + 1) % terminals.length;
    }
  }, 5);
}

process.on('message', (m: unknown) => {
  if (!isToTerminals(m)) return;
  if (m.type === 'init') void connectAll(m.url, m.terminals);
  else if (m.type === 'start') startSending();
  else if (m.type === 'report') {
    send({ type: 'report', sent, errors, deliveries });
    sent = 0;
    errors = 0;
    deliveries = [];
  } else {
    if (wheel) clearInterval(wheel);
    for (const t of terminals) t.socket.close();
    send({ type: 'stopped' });
    process.disconnect?.();
  }
});
