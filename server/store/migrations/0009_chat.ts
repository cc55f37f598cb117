import type { Kysely } from 'kysely';

// Action chat (issue 13, 一案一群): the messages of one enforcement action among its teams and the
// consoles following it. Written only by server/chat. The id is a number the writer assigns in
// commit order (under a lock), so `chat:list { after }` pages on it and a client that keeps the
// last id it saw misses nothing after a reconnect.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('chat_messages')
    .addColumn('id', 'bigint', (c) => c.primaryKey())
    .addColumn('action_id', 'text', (c) => c.notNull().references('actions.id'))
    // The action's court: who may see the action may read its chat.
    .addColumn('court_id', 'text', (c) => c.notNull())
    .addColumn('sender_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('sender_name', 'text', (c) => c.notNull())
    .addColumn('sender_role', 'text', (c) => c.notNull())
    .addColumn('sender_court_id', 'text', (c) => c.notNull())
    // A field officer's team on the action (null for a console), with its court: a receiver whose
    // court may not see that court (a lent team) is not told the team.
    .addColumn('team_id', 'text')
    .addColumn('team_name', 'text')
    .addColumn('team_court_id', 'text')
    .addColumn('client_key', 'text', (c) => c.notNull())
    .addColumn('text', 'text')
    // The data: URL as sent (checked: a JPEG or PNG of at most 600 KB) and the SHA-256 of its bytes.
    .addColumn('photo', 'text')
    .addColumn('photo_sha256', 'text')
    .addColumn('sent_at', 'text', (c) => c.notNull())
    .execute();
  // Sending is idempotent per sender and client key: a resend hits this index and answers the first.
  await db.schema.createIndex('chat_messages_sender_key').unique().on('chat_messages').columns(['sender_id', 'client_key']).execute();
  await db.schema.createIndex('chat_messages_action').on('chat_messages').columns(['action_id', 'id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('chat_messages_action').execute();
  await db.schema.dropIndex('chat_messages_sender_key').execute();
  await db.schema.dropTable('chat_messages').execute();
}
