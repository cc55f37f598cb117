// The `dispatch` benchmark's field terminals: child processes (dispatchTerminals.ts), each simulating
// a group of terminals; forked, started, asked for reports and stopped from here.
import { fork, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { ROOT_DIR } from '../../config/load.ts';
import type { FromTerminals, TerminalSpec, ToTerminals } from './dispatchTerminals.ts';

type Connected = FromTerminals & { type: 'connected' };
type Report = FromTerminals & { type: 'report' };

function isFromTerminals(m: unknown): m is FromTerminals {
  return typeof m === 'object' && m !== null && 'type' in m && ['connected', 'report', 'stopped'].includes(String((m as { type: unknown }).type));
}

/** The terminal processes; their reports add up here until reset(). */
export class TerminalFleet {
  readonly #children: ChildProcess[] = [];
  readonly #pendingReports = new Map<ChildProcess, (m: Report) => void>();
  /** Positions sent. */
  sent = 0;
  /** Errors the terminals met. */
  errors = 0;
  /** [instruction seq, receipt time (Date.now())] of every instruction a terminal received. */
  readonly deliveries: [number, number][] = [];

  /**
   * Forks one process per group and resolves once each has connected its terminals. The first group
   * runs at normal priority, the others at lower priority (behind the server and the measuring clients).
   */
  connect(url: string, groups: readonly TerminalSpec[][]): Promise<Connected[]> {
    return Promise.all(
      groups.map((specs, g) => {
        const child = fork(path.join(ROOT_DIR, 'tests', 'bench', 'dispatchTerminals.ts'), [], { execArgv: ['--disable-warning=ExperimentalWarning'] });
        this.#children.push(child);
        if (g > 0 && child.pid !== undefined) os.setPriority(child.pid, 10);
        return new Promise<Connected>((resolve, reject) => {
          child.on('message', (m: unknown) => {
            if (!isFromTerminals(m)) return;
            if (m.type === 'connected') resolve(m);
            else if (m.type === 'report') {
              this.#pendingReports.get(child)?.(m);
              this.#pendingReports.delete(child);
            }
          });
          child.once('exit', (code) => reject(new Error(`terminal process exited ${code}`)));
          child.send({ type: 'init', url, terminals: specs } satisfies ToTerminals);
        });
      }),
    );
  }

  /** Every terminal starts sending its position. */
  start(): void {
    for (const child of this.#children) child.send({ type: 'start' } satisfies ToTerminals);
  }

  /** Asks every process for its counts since its last report, and adds them up. */
  async report(): Promise<void> {
    await Promise.all(
      this.#children.map(
        (child) =>
          new Promise<void>((resolve) => {
            this.#pendingReports.set(child, (m) => {
              this.sent += m.sent;
              this.errors += m.errors;
              for (const d of m.deliveries) this.deliveries.push(d);
              resolve();
            });
            child.send({ type: 'report' } satisfies ToTerminals);
          }),
      ),
    );
  }

  /** Forgets the counts so far (the warm-up's). */
  reset(): void {
    this.sent = 0;
    this.errors = 0;
    this.deliveries.length = 0;
  }

  /** The processes' pids. */
  pids(): number[] {
    return this.#children.map((c) => c.pid ?? 0).filter((pid) => pid > 0);
  }

  /** Stops every process: politely, then by force after 5 s. */
  async stop(): Promise<void> {
    await Promise.all(
      this.#children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || !child.connected) return resolve();
            child.once('exit', () => resolve());
            child.send({ type: 'stop' } satisfies ToTerminals);
            setTimeout(() => child.kill(), 5_000).unref();
          }),
      ),
    );
  }
}
