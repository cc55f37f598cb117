import type { Kysely } from 'kysely';

// Evidence recordings (issue 12, 执行过程记录): one row per segment file of a feed of an ongoing
// action, with the SHA-256 written when the segment closes (the same value goes into the audit
// chain), and the spans nothing was recorded (a recorder died). Written only by server/recording.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('recordings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('action_id', 'text', (c) => c.notNull().references('actions.id'))
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    // The action's court: who may see the action may see its recordings.
    .addColumn('court_id', 'text', (c) => c.notNull())
    .addColumn('team_id', 'text')
    .addColumn('team_name', 'text')
    .addColumn('terminal_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('officer', 'text', (c) => c.notNull())
    .addColumn('feed_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    // Relative to the data directory.
    .addColumn('file', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('ended_at', 'text')
    .addColumn('end_reason', 'text')
    .addColumn('bytes', 'bigint')
    .addColumn('sha256', 'text')
    .addColumn('locked', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('recordings_action').on('recordings').columns(['action_id', 'started_at']).execute();
  await db.schema
    .createTable('recording_gaps')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('action_id', 'text', (c) => c.notNull().references('actions.id'))
    .addColumn('court_id', 'text', (c) => c.notNull())
    .addColumn('team_id', 'text')
    .addColumn('terminal_id', 'text', (c) => c.notNull())
    .addColumn('feed_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('from_at', 'text', (c) => c.notNull())
    .addColumn('to_at', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('recording_gaps_action').on('recording_gaps').columns(['action_id', 'from_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('recording_gaps_action').execute();
  await db.schema.dropTable('recording_gaps').execute();
  await db.schema.dropIndex('recordings_action').execute();
  await db.schema.dropTable('recordings').execute();
}
