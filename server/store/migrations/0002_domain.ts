import type { Kysely } from 'kysely';

// Portable DDL: only types both SQLite and PostgreSQL accept ('text', 'integer', 'bigint',
// 'double precision'); booleans as 0/1 integers; timestamps as ISO text. Migrations take
// Kysely<unknown> so they never depend on today's schema types.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('courts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('short_name', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('parent_id', 'text', (c) => c.references('courts.id'))
    .addColumn('case_code', 'text', (c) => c.notNull().unique())
    .addColumn('division_code', 'text', (c) => c.notNull())
    .addColumn('lng', 'double precision', (c) => c.notNull())
    .addColumn('lat', 'double precision', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('courts_parent').on('courts').column('parent_id').execute();

  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('username', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('court_id', 'text', (c) => c.notNull().references('courts.id'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('failed_logins', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', 'text')
    .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

  await db.schema
    .createTable('teams')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('court_id', 'text', (c) => c.notNull().references('courts.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('leader_user_id', 'text', (c) => c.references('users.id'))
    .addColumn('vehicle', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('last_lng', 'double precision')
    .addColumn('last_lat', 'double precision')
    .addColumn('last_position_at', 'text')
    .execute();
  await db.schema.createIndex('teams_court').on('teams').column('court_id').execute();

  await db.schema
    .createTable('team_members')
    .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('duty', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.references('users.id'))
    .execute();
  await db.schema.createIndex('team_members_team').on('team_members').column('team_id').execute();

  await db.schema
    .createTable('devices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('serial', 'text', (c) => c.notNull().unique())
    .addColumn('battery', 'integer')
    .execute();

  await db.schema
    .createTable('cases')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_number', 'text', (c) => c.notNull().unique())
    .addColumn('court_id', 'text', (c) => c.notNull().references('courts.id'))
    .addColumn('applicant', 'text', (c) => c.notNull())
    .addColumn('respondent', 'text', (c) => c.notNull())
    .addColumn('amount_fen', 'bigint', (c) => c.notNull())
    .addColumn('filed_on', 'text', (c) => c.notNull())
    .addColumn('track', 'text')
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('stage_entered_on', 'text', (c) => c.notNull())
    .addColumn('stage_due_on', 'text')
    .addColumn('handed_over_on', 'text')
    .addColumn('risk_factors', 'text', (c) => c.notNull())
    .addColumn('risk_colour', 'text', (c) => c.notNull())
    .addColumn('risk_reasons', 'text', (c) => c.notNull())
    .addColumn('colour_override', 'text')
    .addColumn('override_reason', 'text')
    .addColumn('tags', 'text', (c) => c.notNull())
    .addColumn('lng', 'double precision', (c) => c.notNull())
    .addColumn('lat', 'double precision', (c) => c.notNull())
    .addColumn('team_id', 'text', (c) => c.references('teams.id'))
    .addColumn('closed_on', 'text')
    .execute();
  // The list queries filter by court (always), then colour / stage / bbox.
  await db.schema.createIndex('cases_court_colour').on('cases').columns(['court_id', 'risk_colour']).execute();
  await db.schema.createIndex('cases_court_stage').on('cases').columns(['court_id', 'stage']).execute();
  // Map views ask for a colour inside a box: walk one colour's cases in latitude order, longitude
  // checked from the index itself, so a page stops early and needs no sort.
  await db.schema.createIndex('cases_colour_lat_lng').on('cases').columns(['risk_colour', 'lat', 'lng']).execute();
  await db.schema.createIndex('cases_lat_lng').on('cases').columns(['lat', 'lng']).execute();

  await db.schema
    .createTable('case_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('actor_user_id', 'text', (c) => c.references('users.id'))
    .execute();
  await db.schema.createIndex('case_events_case').on('case_events').columns(['case_id', 'at']).execute();

  await db.schema
    .createTable('actions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('court_id', 'text', (c) => c.notNull().references('courts.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('planned_at', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('risk_factors', 'text', (c) => c.notNull())
    .addColumn('risk_colour', 'text', (c) => c.notNull())
    .addColumn('risk_reasons', 'text', (c) => c.notNull())
    .addColumn('lng', 'double precision', (c) => c.notNull())
    .addColumn('lat', 'double precision', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('actions_case').on('actions').column('case_id').execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('seq', 'bigint', (c) => c.primaryKey())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_user_id', 'text')
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('court_id', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target_type', 'text')
    .addColumn('target_id', 'text')
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('ip', 'text')
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['audit_log', 'actions', 'case_events', 'cases', 'devices', 'team_members', 'teams', 'sessions', 'users', 'courts']) {
    await db.schema.dropTable(t).execute();
  }
}
