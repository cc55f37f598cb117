import { sql, type Kysely } from 'kysely';

// Track history (issue 11): team_positions holds each team's kept fixes in chunks (packed points,
// server/teams/trackChunk.ts), keyed by team and the chunk's first instant, so a team-day is a few
// hundred rows read as one index range. `bytea` is PostgreSQL's binary type; SQLite stores a blob
// in it unchanged (any declared type keeps a blob as it is). Actions get the instants they started
// and ended, so a replay of an action knows its span.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('team_positions')
    .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id'))
    .addColumn('starts_at', 'text', (c) => c.notNull())
    .addColumn('ends_at', 'text', (c) => c.notNull())
    .addColumn('points', 'integer', (c) => c.notNull())
    .addColumn('data', sql`bytea`, (c) => c.notNull())
    .addPrimaryKeyConstraint('team_positions_pk', ['team_id', 'starts_at'])
    .execute();
  // The hourly prune deletes by age.
  await db.schema.createIndex('team_positions_ends').on('team_positions').column('ends_at').execute();
  await db.schema.alterTable('actions').addColumn('started_at', 'text').execute();
  await db.schema.alterTable('actions').addColumn('ended_at', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('actions').dropColumn('ended_at').execute();
  await db.schema.alterTable('actions').dropColumn('started_at').execute();
  await db.schema.dropIndex('team_positions_ends').execute();
  await db.schema.dropTable('team_positions').execute();
}
