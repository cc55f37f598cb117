import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { systemClock, type Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';
import type { Database } from '../store/index.ts';

/** A witness of the audit chain's head at one moment: the chain must still hold this entry, unchanged. */
export interface AuditAnchor {
  seq: number;
  hash: string;
  at: string;
}

export interface AuditAnchorsOptions {
  db: Kysely<Database>;
  /** The append-only anchor file (DATA_DIR/audit-anchors.jsonl): outside the database on purpose. */
  file: string;
  logger: Logger;
  /** Stamps each anchor (default the system clock). */
  clock?: Clock;
}

/** What read() found: the anchors, and how many lines were not anchors (a tampered file). */
export interface AnchorFile {
  anchors: AuditAnchor[];
  unreadable: number;
}

function isAnchor(v: unknown): v is AuditAnchor {
  if (typeof v !== 'object' || v === null) return false;
  const a = v as Record<string, unknown>;
  return Number.isSafeInteger(a['seq']) && (a['seq'] as number) > 0 && typeof a['hash'] === 'string' && /^[0-9a-f]{64}$/.test(a['hash']) && typeof a['at'] === 'string';
}

/**
 * The hash chain shows an edited or deleted entry, but not entries cut off its end: a chain of 90
 * entries is as valid as the 100 it was. Anchors close that gap: the head (seq, hash) is appended to a
 * file outside the database every minute it moved, and written to the log (a second witness where
 * logs are shipped off the machine). verify() then requires every anchored entry to still be there.
 * The audit feature (plugin.ts) runs anchor() every minute and once more on shutdown.
 */
export class AuditAnchors {
  readonly #o: AuditAnchorsOptions;
  #lastSeq = 0;
  #running: Promise<unknown> = Promise.resolve();

  constructor(opts: AuditAnchorsOptions) {
    this.#o = opts;
    const known = this.read().anchors;
    this.#lastSeq = known.reduce((m, a) => Math.max(m, a.seq), 0);
  }

  /** Appends the head when it moved since the last anchor; answers the new anchor or null. */
  anchor(): Promise<AuditAnchor | null> {
    const run = this.#running.catch(() => undefined).then(() => this.#anchorOnce());
    this.#running = run;
    return run;
  }

  /** The anchors in the file, oldest first. */
  read(): AnchorFile {
    if (!existsSync(this.#o.file)) return { anchors: [], unreadable: 0 };
    const anchors: AuditAnchor[] = [];
    let unreadable = 0;
    for (const line of readFileSync(this.#o.file, 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      let v: unknown;
      try {
        v = JSON.parse(line);
      } catch {
        unreadable++;
        continue;
      }
      if (isAnchor(v)) anchors.push(v);
      else unreadable++;
    }
    return { anchors, unreadable };
  }

  async #anchorOnce(): Promise<AuditAnchor | null> {
    const head = await this.#o.db.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
    if (!head || Number(head.seq) <= this.#lastSeq) return null;
    const anchor: AuditAnchor = { seq: Number(head.seq), hash: head.hash, at: new Date((this.#o.clock ?? systemClock).now()).toISOString() };
    mkdirSync(path.dirname(this.#o.file), { recursive: true });
    appendFileSync(this.#o.file, `${JSON.stringify(anchor)}\n`, { mode: 0o600 });
    this.#lastSeq = anchor.seq;
    this.#o.logger.info({ auditAnchor: anchor }, '审计锚点 / audit anchor');
    return anchor;
  }
}
