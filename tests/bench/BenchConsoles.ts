// The `dispatch` benchmark's consoles, in this process: they sample position latency from every
// frame and issue the instructions whose delivery the terminals time.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../protocol/events.ts';
import type { BenchTeam } from './dispatchDatabase.ts';
import { INSTRUCTION_PREFIX } from './terminalProtocol.ts';
import { Histogram } from './Histogram.ts';

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Console sockets, the position samples they take and the instructions they issue; close() when done. */
export class BenchConsoles {
  readonly #sockets: ClientSocket[] = [];
  /** Console receipt − the fix's timestamp, for every team in every frame while measuring. */
  readonly positions = new Histogram();
  /** Position frames received while measuring, by all consoles. */
  frames = 0;
  /** Whether position frames count. */
  measuring = false;
  /** Instructions issued but refused or unanswered, and the first reason. */
  issueFailures = 0;
  firstIssueError: string | null = null;
  /** Consoles that did not get a session (refused, or no session:ready within 30 s), and the first reason. */
  connectFailures = 0;
  firstConnectError: string | null = null;
  /** Consoles lost after their session began. */
  disconnects = 0;
  readonly #issuedAt = new Map<number, number>();
  #seq = 0;
  #issuing = false;
  #issuer: Promise<void> = Promise.resolve();

  /** Connects one console per token, one after the other; those that fail are counted, not thrown. */
  async connect(url: string, tokens: readonly string[]): Promise<void> {
    for (const token of tokens) {
      const socket: ClientSocket = io(url, { auth: { client: 'console', token }, transports: ['websocket'], reconnection: false });
      socket.on('positions', (frame) => {
        if (!this.measuring || frame.full) return;
        const now = Date.now();
        this.frames++;
        for (const fixedAt of frame.fixedAt) this.positions.add(now - fixedAt);
      });
      const failure = await new Promise<string | null>((resolve) => {
        const done = (why: string | null) => {
          clearTimeout(timer);
          resolve(why);
        };
        const timer = setTimeout(() => done('no session:ready within 30 s'), 30_000);
        socket.once('session:ready', () => done(null));
        socket.once('connect_error', (err) => done(err.message));
        socket.once('disconnect', (reason) => done(`disconnected before session:ready (${reason})`));
      });
      socket.removeAllListeners('connect_error').removeAllListeners('disconnect');
      if (failure !== null) {
        socket.close();
        this.connectFailures++;
        this.firstConnectError ??= failure;
        continue;
      }
      socket.on('disconnect', () => this.disconnects++);
      this.#sockets.push(socket);
    }
  }

  /** Consoles connected now. */
  get live(): number {
    return this.#sockets.reduce((n, s) => n + (s.connected ? 1 : 0), 0);
  }

  /** The sequence number of the last instruction issued. */
  get seq(): number {
    return this.#seq;
  }

  /** Issues an instruction every `everyMs` to a random one of `probes`, the consoles taking turns. */
  startIssuing(probes: readonly BenchTeam[], everyMs: number): void {
    // No console got in, or no team to send to: nothing to issue (the line shows instructions: 0).
    if (this.#sockets.length === 0 || probes.length === 0) return;
    this.#issuing = true;
    this.#issuer = (async () => {
      let next = performance.now();
      while (this.#issuing) {
        next += everyMs;
        const team = probes[Math.floor(Math.random() * probes.length)] as BenchTeam;
        const socket = this.#sockets[this.#seq % this.#sockets.length] as ClientSocket;
        const n = ++this.#seq;
        this.#issuedAt.set(n, Date.now());
        socket
          .timeout(10_000)
          .emitWithAck('instruction:issue', { clientKey: randomUUID(), teamIds: [team.teamId], text: `${INSTRUCTION_PREFIX}${n}`, priority: 'normal' })
          .then((res) => {
            if (!res.ok) {
              this.issueFailures++;
              this.firstIssueError ??= `${res.code}: ${res.message}`;
            }
          })
          .catch((err: unknown) => {
            this.issueFailures++;
            this.firstIssueError ??= err instanceof Error ? err.message : String(err);
          });
        await delay(Math.max(0, next - performance.now()));
      }
    })();
  }

  /** Stops issuing; resolves once the last one is sent (not answered). */
  async stopIssuing(): Promise<void> {
    this.#issuing = false;
    await this.#issuer;
  }

  /** Terminal receipt − issue, for the `deliveries` of instructions numbered `firstSeq` or later. */
  deliverLatencies(deliveries: readonly [number, number][], firstSeq: number): Histogram {
    const deliver = new Histogram();
    for (const [n, at] of deliveries) {
      const issued = this.#issuedAt.get(n);
      if (issued !== undefined && n >= firstSeq) deliver.add(at - issued);
    }
    return deliver;
  }

  close(): void {
    for (const s of this.#sockets) s.close();
  }
}
