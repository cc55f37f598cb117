import type { Kysely } from 'kysely';

// Instructions and warnings (issue 3). Portable DDL as in 0002: text, integer, double precision;
// timestamps ISO text; detail JSON as text. Migrations take Kysely<unknown>.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('instructions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('client_key', 'text', (c) => c.notNull())
    .addColumn('issued_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('issued_by_name', 'text', (c) => c.notNull())
    .addColumn('court_id', 'text', (c) => c.notNull().references('courts.id'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('template', 'text')
    .addColumn('priority', 'text', (c) => c.notNull())
    .addColumn('case_id', 'text', (c) => c.references('cases.id'))
    .addColumn('action_id', 'text', (c) => c.references('actions.id'))
    .addColumn('issued_at', 'text', (c) => c.notNull())
    .execute();
  // Issuing is idempotent per user and client key: a resend hits this index and returns the first.
  await db.schema.createIndex('instructions_issuer_key').unique().on('instructions').columns(['issued_by', 'client_key']).execute();
  await db.schema.createIndex('instructions_issued_at').on('instructions').column('issued_at').execute();

  await db.schema
    .createTable('instruction_targets')
    .addColumn('instruction_id', 'text', (c) => c.notNull().references('instructions.id'))
    .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id'))
    // The team's court when issued: scope filters read it without joining teams.
    .addColumn('court_id', 'text', (c) => c.notNull().references('courts.id'))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('issued_at', 'text', (c) => c.notNull())
    .addColumn('delivered_at', 'text')
    .addColumn('acknowledged_at', 'text')
    .addColumn('acknowledged_by', 'text', (c) => c.references('users.id'))
    .addColumn('acknowledged_by_name', 'text')
    .addColumn('finished_at', 'text')
    .addColumn('finished_by', 'text', (c) => c.references('users.id'))
    .addColumn('finished_by_name', 'text')
    .addColumn('feedback_text', 'text')
    .addColumn('feedback_photo', 'text')
    .addColumn('refuse_reason', 'text')
    .addColumn('escalated_at', 'text')
    .addColumn('escalated_to', 'text', (c) => c.references('users.id'))
    .addPrimaryKeyConstraint('instruction_targets_pk', ['instruction_id', 'team_id'])
    .execute();
  // The sweep looks for open targets by age; replay looks for a team's open targets.
  await db.schema.createIndex('instruction_targets_state_issued').on('instruction_targets').columns(['state', 'issued_at']).execute();
  await db.schema.createIndex('instruction_targets_team_state').on('instruction_targets').columns(['team_id', 'state']).execute();
  await db.schema.createIndex('instruction_targets_court').on('instruction_targets').columns(['court_id', 'instruction_id']).execute();

  await db.schema
    .createTable('instruction_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('instruction_id', 'text', (c) => c.notNull().references('instructions.id'))
    .addColumn('team_id', 'text', (c) => c.references('teams.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_user_id', 'text', (c) => c.references('users.id'))
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('instruction_events_instruction').on('instruction_events').columns(['instruction_id', 'at']).execute();

  await db.schema
    .createTable('warnings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('court_id', 'text', (c) => c.notNull().references('courts.id'))
    .addColumn('team_id', 'text', (c) => c.references('teams.id'))
    .addColumn('instruction_id', 'text', (c) => c.references('instructions.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('raised_at', 'text', (c) => c.notNull())
    .addColumn('raised_by', 'text', (c) => c.references('users.id'))
    .addColumn('raised_by_name', 'text')
    .addColumn('client_key', 'text')
    .addColumn('lng', 'double precision')
    .addColumn('lat', 'double precision')
    .addColumn('acknowledged_at', 'text')
    .addColumn('acknowledged_by', 'text', (c) => c.references('users.id'))
    .addColumn('acknowledged_by_name', 'text')
    .execute();
  // An SOS resent with the same key is one warning (NULL keys, raised by the server, never collide).
  await db.schema.createIndex('warnings_raiser_key').unique().on('warnings').columns(['raised_by', 'client_key']).execute();
  await db.schema.createIndex('warnings_court_raised').on('warnings').columns(['court_id', 'raised_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['warnings', 'instruction_events', 'instruction_targets', 'instructions']) {
    await db.schema.dropTable(t).execute();
  }
}
