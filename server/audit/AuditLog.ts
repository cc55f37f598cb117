import { createHash } from 'node:crypto';
import { PostgresAdapter, sql, type Kysely, type Transaction } from 'kysely';
import { toWellFormedText } from '../../protocol/text.ts';
import type { AnchorFile } from './AuditAnchors.ts';
import type { AuditTable, Database } from '../store/index.ts';

/** Arbitrary constant naming the audit chain's advisory lock on PostgreSQL. */
const AUDIT_LOCK_KEY = 7_200_417;

/** The hash before the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** What a caller records; time, sequence and hashes are added here. */
export interface AuditEntry {
  actorUserId: string | null;
  actorName: string;
  courtId: string | null;
  /** e.g. auth.login, auth.login-failed, case.colour-override, case.export, instruction.issue */
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  detail?: Record<string, unknown>;
  ip?: string | null;
}

/** Why verify() stopped: an edited entry, a broken link, a missing entry, entries cut off after an anchor, an anchor the chain contradicts, or an anchor file with lines that are not anchors. */
export type BrokenReason = 'hash-mismatch' | 'prev-hash-mismatch' | 'sequence-gap' | 'truncated' | 'anchor-mismatch' | 'anchor-unreadable';

/** Result of walking the chain. */
export interface VerifyResult {
  ok: boolean;
  checked: number;
  /** The first entry whose link does not hold, and why. */
  firstBroken: { seq: number; reason: BrokenReason } | null;
  /** The highest anchored entry (AuditAnchors), or null when there is none. */
  anchoredThrough: number | null;
}

/** What verify() checks the chain against besides itself. */
export interface VerifyOptions {
  /** Heads witnessed earlier (AuditAnchors.read()); each must still be in the chain, unchanged. */
  anchors?: AnchorFile;
  batch?: number;
}

type Row = Omit<AuditTable, 'hash'>;

/** The hash of an entry: SHA-256 over its previous hash and its fields, in a fixed order. */
export function entryHash(row: Row): string {
  const canonical = JSON.stringify([
    row.seq,
    row.at,
    row.actor_user_id,
    row.actor_name,
    row.court_id,
    row.action,
    row.target_type,
    row.target_id,
    row.detail,
    row.ip,
    row.prev_hash,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

/**
 * The audit trail (全节点留痕): every consequential act appends one entry in the same transaction as
 * the act, so the act and its record commit or vanish together. Entries are hash-chained: editing or
 * deleting one breaks every link after it, which verify() reports.
 */
export class AuditLog {
  /** Appends an entry inside `trx` (the act's own transaction), stamped `now` (the act's time on the server's clock). */
  static async append(trx: Transaction<Database>, entry: AuditEntry, now: Date): Promise<number> {
    // SQLite runs one writer at a time; PostgreSQL runs transactions side by side, and two appends
    // would read the same head and collide on seq. The lock serialises appends until commit.
    if (trx.getExecutor().adapter instanceof PostgresAdapter) await sql`select pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`.execute(trx);
    const last = await trx.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
    // The hash is over exactly what the store keeps: a UTF-8 store turns a lone surrogate into U+FFFD,
    // so every text is made well-formed first (the boundaries refuse such text; this is the last guard).
    // JSON.stringify already writes a lone surrogate in `detail` as an ASCII escape.
    const text = (s: string | null | undefined) => (s == null ? null : toWellFormedText(s));
    const row: Row = {
      seq: (last?.seq ?? 0) + 1,
      at: now.toISOString(),
      actor_user_id: text(entry.actorUserId),
      actor_name: toWellFormedText(entry.actorName),
      court_id: text(entry.courtId),
      action: toWellFormedText(entry.action),
      target_type: text(entry.targetType),
      target_id: text(entry.targetId),
      detail: JSON.stringify(entry.detail ?? {}),
      ip: text(entry.ip),
      prev_hash: last?.hash ?? GENESIS_HASH,
    };
    await trx.insertInto('audit_log').values({ ...row, hash: entryHash(row) }).execute();
    return row.seq;
  }

  /** Re-walks the whole chain in sequence order, checking it against the anchors; reports the first broken link. */
  static async verify(db: Kysely<Database>, opts: VerifyOptions = {}): Promise<VerifyResult> {
    const batch = opts.batch ?? 5_000;
    const anchors = new Map((opts.anchors?.anchors ?? []).map((a) => [a.seq, a.hash]));
    const anchoredThrough = anchors.size > 0 ? Math.max(...anchors.keys()) : null;
    const result = (checked: number, firstBroken: VerifyResult['firstBroken']): VerifyResult => ({ ok: firstBroken === null, checked, firstBroken, anchoredThrough });
    if ((opts.anchors?.unreadable ?? 0) > 0) return result(0, { seq: 0, reason: 'anchor-unreadable' });
    let prevHash = GENESIS_HASH;
    let expectedSeq = 1;
    let checked = 0;
    for (;;) {
      const rows = await db.selectFrom('audit_log').selectAll().where('seq', '>=', expectedSeq).orderBy('seq').limit(batch).execute();
      if (rows.length === 0) {
        // The chain ends before an entry someone witnessed: entries were cut off its end.
        return result(checked, anchoredThrough !== null && anchoredThrough >= expectedSeq ? { seq: expectedSeq, reason: 'truncated' } : null);
      }
      for (const row of rows) {
        if (Number(row.seq) !== expectedSeq) return result(checked, { seq: expectedSeq, reason: 'sequence-gap' });
        if (row.prev_hash !== prevHash) return result(checked, { seq: row.seq, reason: 'prev-hash-mismatch' });
        const { hash, ...rest } = row;
        if (entryHash(rest) !== hash) return result(checked, { seq: row.seq, reason: 'hash-mismatch' });
        // A chain rebuilt from here on (re-hashed after an edit) is consistent with itself, not with its anchor.
        const anchored = anchors.get(Number(row.seq));
        if (anchored !== undefined && anchored !== hash) return result(checked, { seq: row.seq, reason: 'anchor-mismatch' });
        prevHash = hash;
        expectedSeq++;
        checked++;
      }
    }
  }
}
