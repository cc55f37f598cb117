import type { Kysely } from 'kysely';

// The action command room (issue 13): each action's geofence radius and the plan version in force
// when it started; the plan (预案) as numbered versions (written by server/actions); and what
// happened on an action that no other table holds: arrivals and departures at the site, feeds on and
// off, who joined to watch (action_events, written by server/timeline).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('actions').addColumn('site_radius_m', 'integer', (c) => c.notNull().defaultTo(200)).execute();
  // Null until the action starts (or when it started without a plan).
  await db.schema.alterTable('actions').addColumn('plan_version', 'integer').execute();
  await db.schema
    .createTable('action_plans')
    .addColumn('action_id', 'text', (c) => c.notNull().references('actions.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    // JSON: protocol/plan.ts ActionPlanContent.
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('author_user_id', 'text', (c) => c.notNull())
    .addColumn('author_name', 'text', (c) => c.notNull())
    .addColumn('saved_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('action_plans_pk', ['action_id', 'version'])
    .execute();
  await db.schema
    .createTable('action_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('action_id', 'text', (c) => c.notNull().references('actions.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('team_id', 'text')
    .addColumn('actor_user_id', 'text')
    .addColumn('actor_name', 'text', (c) => c.notNull())
    // JSON object.
    .addColumn('detail', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('action_events_action').on('action_events').columns(['action_id', 'at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('action_events_action').execute();
  await db.schema.dropTable('action_events').execute();
  await db.schema.dropTable('action_plans').execute();
  await db.schema.alterTable('actions').dropColumn('plan_version').execute();
  await db.schema.alterTable('actions').dropColumn('site_radius_m').execute();
}
