import type { Kysely } from 'kysely';

// Enforcement actions get their teams (issue 5: rooms by action, instructions to an action), and the
// lookups that run on every terminal connection get their indexes.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('action_teams')
    .addColumn('action_id', 'text', (c) => c.notNull().references('actions.id'))
    .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id'))
    .addColumn('assigned_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('action_teams_pk', ['action_id', 'team_id'])
    .execute();
  // A connecting terminal looks up its team's actions.
  await db.schema.createIndex('action_teams_team').on('action_teams').column('team_id').execute();
  // The dispatch panel lists a branch's open actions.
  await db.schema.createIndex('actions_court_status').on('actions').columns(['court_id', 'status']).execute();
  // Every terminal connection and every instruction step reads a user's teams.
  await db.schema.createIndex('team_members_user').on('team_members').column('user_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('team_members_user').execute();
  await db.schema.dropIndex('actions_court_status').execute();
  await db.schema.dropTable('action_teams').execute();
}
