import { EventEmitter } from 'node:events';
import type { Kysely } from 'kysely';
import type { TerminalInfo } from '../../protocol/terminal.ts';
import type { Database } from '../store/index.ts';
import { isoOf, systemClock, type Clock } from '../clock.ts';

interface Presence {
  info: TerminalInfo;
  sockets: Set<string>;
}

export interface TerminalRegistryEvents {
  online: [TerminalInfo];
  offline: [TerminalInfo];
}

/**
 * Which field terminals are connected now. A terminal may hold several sockets (a page reload
 * overlaps the old socket's disconnect), so it goes offline only when its last socket leaves.
 * Every connection is recorded in the `terminals` table (first/last seen, count).
 */
export class TerminalRegistry extends EventEmitter<TerminalRegistryEvents> {
  readonly #db: Kysely<Database>;
  readonly #online = new Map<string, Presence>();

  readonly #clock: Clock;

  constructor(db: Kysely<Database>, clock: Clock = systemClock) {
    super();
    this.#db = db;
    this.#clock = clock;
  }

  async connect(terminalId: string, label: string, courtId: string, socketId: string): Promise<void> {
    const now = isoOf(this.#clock);
    await this.#db
      .insertInto('terminals')
      .values({ terminal_id: terminalId, label, first_seen_at: now, last_seen_at: now, connect_count: 1 })
      .onConflict((oc) =>
        oc.column('terminal_id').doUpdateSet((eb) => ({
          label,
          last_seen_at: now,
          connect_count: eb('terminals.connect_count', '+', 1),
        })),
      )
      .execute();
    const present = this.#online.get(terminalId);
    if (present) {
      present.sockets.add(socketId);
      return;
    }
    const info: TerminalInfo = { terminalId, label, courtId, connectedAt: now };
    this.#online.set(terminalId, { info, sockets: new Set([socketId]) });
    this.emit('online', info);
  }

  async disconnect(terminalId: string, socketId: string): Promise<void> {
    const present = this.#online.get(terminalId);
    if (!present || !present.sockets.delete(socketId)) return;
    if (present.sockets.size > 0) return;
    this.#online.delete(terminalId);
    this.emit('offline', present.info);
    await this.#db
      .updateTable('terminals')
      .set({ last_seen_at: isoOf(this.#clock) })
      .where('terminal_id', '=', terminalId)
      .execute();
  }

  /** Terminals online now, optionally only those `visible` accepts. */
  list(visible: (info: TerminalInfo) => boolean = () => true): TerminalInfo[] {
    return [...this.#online.values()].map((p) => p.info).filter(visible);
  }

  get size(): number {
    return this.#online.size;
  }
}
