// The `dispatch` benchmark's field terminals: child processes (dispatchTerminals.ts), each simulating
// a group of terminals from its own loopback source address; spawned with their open-file limit
// raised, started, asked for reports and stopped from here. A process that dies or stops answering
// is counted (lostProcesses), never fatal: the benchmark still prints its line.
import type { ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { ROOT_DIR } from '../../config/load.ts';
import { addFailures, isFromTerminals, noFailures, type FromTerminals, type TerminalFailures, type TerminalSpec, type ToTerminals } from './terminalProtocol.ts';
import { spawnWithNofile } from './nofile.ts';
import { ifRunning, nofileOf } from './procStats.ts';

type Report = FromTerminals & { type: 'report' };

/** One terminal process: its terminals, their sockets' source address, and whether it runs behind the server (nice 10). */
export interface TerminalGroup {
  specs: TerminalSpec[];
  localAddress: string | null;
  background: boolean;
}

/** Descriptors a Node process needs besides its sockets (the runtime, its pipes, the module files). */
const NOFILE_SPARE = 1_024;
const REPORT_TIMEOUT_MS = 10_000;
const TERMINALS_SCRIPT = path.join(ROOT_DIR, 'tests', 'bench', 'dispatchTerminals.ts');

interface Member {
  child: ChildProcess;
  connected: number;
  failed: number;
  /** Its latest report: failures, disconnect reasons and live sockets count from its start. */
  last: Report | null;
  exited: boolean;
}

/** The terminal processes; their positions and deliveries add up here until reset(). */
export class TerminalFleet {
  readonly #members: Member[] = [];
  readonly #pendingReports = new Map<ChildProcess, () => void>();
  #stopping = false;
  #baselineErrors = 0;
  /** Positions sent. */
  sent = 0;
  /** [instruction seq, receipt time (Date.now())] of every instruction a terminal received. */
  readonly deliveries: [number, number][] = [];
  /** Processes that exited before stop(). */
  lostProcesses = 0;
  /** Reports not answered within 10 s (a process too busy to answer; its report still counts when it comes). */
  lateReports = 0;

  /**
   * Starts one process per group and resolves once each has tried all its terminals (or died);
   * `onProgress` hears the running totals about once a second.
   */
  async connect(url: string, groups: readonly TerminalGroup[], onProgress: (connected: number, failed: number) => void): Promise<{ connected: number; failed: number }> {
    const progress = () => onProgress(this.#sum((m) => m.connected), this.#sum((m) => m.failed));
    await Promise.all(
      groups.map((group) => {
        const child = spawnWithNofile(group.specs.length + NOFILE_SPARE, process.execPath, ['--disable-warning=ExperimentalWarning', TERMINALS_SCRIPT], {
          // Its stdout goes to our stderr: our stdout carries the one JSON line and nothing else.
          stdio: ['ignore', 2, 'inherit', 'ipc'],
        });
        const member: Member = { child, connected: 0, failed: 0, last: null, exited: false };
        this.#members.push(member);
        const pid = child.pid;
        if (group.background && pid !== undefined) ifRunning(() => os.setPriority(pid, 10));
        return new Promise<void>((resolve) => {
          child.on('message', (m: unknown) => {
            if (!isFromTerminals(m)) return;
            if (m.type === 'progress' || m.type === 'connected') {
              member.connected = m.connected;
              member.failed = m.failed;
              progress();
              if (m.type === 'connected') resolve();
            } else if (m.type === 'report') this.#take(member, m);
          });
          const exited = (why: string) => {
            if (member.exited) return;
            member.exited = true;
            if (!this.#stopping) {
              this.lostProcesses++;
              process.stderr.write(`bench dispatch: 终端进程退出 / terminal process ${child.pid ?? '?'} ${why}\n`);
            }
            // Its terminals that never got to connect count as failed.
            member.failed = group.specs.length - member.connected;
            this.#pendingReports.get(child)?.();
            resolve();
          };
          child.once('exit', (code, signal) => exited(`exited ${signal ?? code}`));
          // `on`, not `once`: a second 'error' without a listener would throw here.
          child.on('error', (err) => exited(`failed: ${err.message}`));
          this.#send(member, { type: 'init', url, localAddress: group.localAddress, terminals: group.specs });
        });
      }),
    );
    return { connected: this.#sum((m) => m.connected), failed: this.#sum((m) => m.failed) };
  }

  /** Every terminal starts sending its position. */
  start(): void {
    for (const m of this.#members) this.#send(m, { type: 'start' });
  }

  /** Asks every process for its counts since its last report, and adds them up. */
  async report(): Promise<void> {
    await Promise.all(
      this.#members
        .filter((m) => !m.exited)
        .map(
          (member) =>
            new Promise<void>((resolve) => {
              const timer = setTimeout(() => {
                this.lateReports++;
                done();
              }, REPORT_TIMEOUT_MS);
              const done = () => {
                clearTimeout(timer);
                this.#pendingReports.delete(member.child);
                resolve();
              };
              this.#pendingReports.set(member.child, done);
              this.#send(member, { type: 'report' });
            }),
        ),
    );
  }

  /** Forgets the positions, deliveries and terminal errors so far (the warm-up's); failures are kept. */
  reset(): void {
    this.sent = 0;
    this.deliveries.length = 0;
    this.#baselineErrors = this.#errorsSoFar();
  }

  /** Server error messages and unanswered delivery receipts since reset(). */
  get errors(): number {
    return this.#errorsSoFar() - this.#baselineErrors;
  }

  /** Failures by kind over the whole run, as of the latest reports. */
  get failures(): TerminalFailures {
    return this.#members.reduce((total, m) => (m.last ? addFailures(total, m.last.failures) : total), noFailures());
  }

  /** Disconnect reasons over the whole run and how often each came. */
  get disconnectReasons(): Record<string, number> {
    const total: Record<string, number> = {};
    for (const m of this.#members) for (const [reason, n] of Object.entries(m.last?.disconnectReasons ?? {})) total[reason] = (total[reason] ?? 0) + n;
    return total;
  }

  /** The first reason of each kind of failure, from the first process that met it. */
  get firstErrors(): Partial<Record<keyof TerminalFailures, string>> {
    return this.#members.reduceRight((first, m) => ({ ...first, ...m.last?.firstErrors }), {});
  }

  /** Terminals connected as of the latest reports (none for a process that died). */
  get live(): number {
    return this.#sum((m) => (m.exited ? 0 : (m.last?.live ?? m.connected)));
  }

  /** The pids of the processes still running. */
  pids(): number[] {
    return this.#members.filter((m) => !m.exited && m.child.pid !== undefined).map((m) => m.child.pid ?? 0);
  }

  /** The lowest soft open-file limit among the processes still running (null: none running). */
  nofile(): number | null {
    const limits = this.pids().flatMap((pid) => ifRunning(() => nofileOf(pid)) ?? []);
    return limits.length > 0 ? Math.min(...limits) : null;
  }

  /** Stops every process: politely, then by force after 5 s. */
  async stop(): Promise<void> {
    this.#stopping = true;
    await Promise.all(
      this.#members.map(
        (member) =>
          new Promise<void>((resolve) => {
            if (member.exited || !member.child.connected) return resolve();
            member.child.once('exit', () => resolve());
            this.#send(member, { type: 'stop' });
            setTimeout(() => member.child.kill(), 5_000).unref();
          }),
      ),
    );
  }

  #take(member: Member, m: Report): void {
    this.sent += m.sent;
    for (const d of m.deliveries) this.deliveries.push(d);
    member.last = m;
    this.#pendingReports.get(member.child)?.();
  }

  #errorsSoFar(): number {
    const f = this.failures;
    return f.serverErrors + f.emitFailures;
  }

  #sum(of: (m: Member) => number): number {
    return this.#members.reduce((n, m) => n + of(m), 0);
  }

  #send(member: Member, m: ToTerminals): void {
    if (!member.child.connected) return;
    // The one expected failure: the process exited between the check and the send; its exit is counted.
    member.child.send(m, () => undefined);
  }
}
