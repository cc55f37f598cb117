import type { Insertable, Kysely } from 'kysely';
import type { Database } from '../store/index.ts';
import type { SeedOptions } from './generate.ts';

// SQLite allows 32,766 bound variables per statement; 500 rows of the widest table (cases, 23 columns) stay well under.
const BATCH = 500;

/** Inserts `rows` into `table` in batches, in one transaction, reporting progress about ten times. */
export async function insertBatches<T extends keyof Database & string>(
  db: Kysely<Database>,
  table: T,
  rows: readonly Insertable<Database[T]>[],
  onProgress: SeedOptions['onProgress'],
): Promise<void> {
  if (rows.length === 0) return;
  // One transaction per table: one fsync, not one per batch.
  await db.transaction().execute(async (trx) => {
    let reported = 0;
    for (let i = 0; i < rows.length; i += BATCH) {
      await trx.insertInto(table).values(rows.slice(i, i + BATCH)).execute();
      const done = Math.min(i + BATCH, rows.length);
      // About every tenth and the last: 287,000 events would otherwise be 575 progress lines.
      if (done === rows.length || done - reported >= rows.length / 10) {
        reported = done;
        onProgress?.(done, rows.length, table);
      }
    }
  });
}
