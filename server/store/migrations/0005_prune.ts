import type { Kysely } from 'kysely';

// sessions.last_seen_at was written once at login and never read or moved: a session's life is
// created_at, expires_at and revoked_at. Dropped rather than kept as a column that looks meaningful.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('sessions').dropColumn('last_seen_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('sessions').addColumn('last_seen_at', 'text', (c) => c.notNull().defaultTo('')).execute();
}
