import type { Generated } from 'kysely';

/** Field terminals ever seen: presence history survives restarts. */
export interface TerminalTable {
  terminal_id: string;
  label: string;
  first_seen_at: string;
  last_seen_at: string;
  connect_count: Generated<number>;
}

/** The Kysely database type: one entry per table. */
export interface Database {
  terminals: TerminalTable;
}
