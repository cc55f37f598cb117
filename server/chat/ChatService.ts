import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { PostgresAdapter, sql, type Kysely, type Transaction } from 'kysely';
import { CHAT_PAGE_DEFAULT, type ChatMessage, type ChatPhotoRequest, type ListChat, type SendChat } from '../../protocol/chat.ts';
import type { ActionService, ActionTarget } from '../actions/index.ts';
import { AuditLog } from '../audit/index.ts';
import { can, type Actor } from '../auth/index.ts';
import { dateOf, systemClock, type Clock } from '../clock.ts';
import type { CourtTree } from '../courts/index.ts';
import { BadMessageError, ForbiddenError, InvalidStateError, NotFoundError } from '../errors.ts';
import { checkPhoto } from '../photo.ts';
import type { Database } from '../store/index.ts';
import type { TeamDirectory, TeamRef } from '../teams/index.ts';
import { chatRecordOf, chatViewFor, type ChatRecord, type ChatRow } from './chatViews.ts';

/** Arbitrary constant naming the chat's advisory lock on PostgreSQL (the audit chain has its own). */
const CHAT_LOCK_KEY = 7_200_913;

const OPEN_STATUSES: readonly ActionTarget['status'][] = ['planned', 'ongoing'];

export interface ChatServiceOptions {
  db: Kysely<Database>;
  courts: () => CourtTree;
  teams: TeamDirectory;
  actions: Pick<ActionService, 'target'>;
  clock?: Clock;
}

export interface ChatServiceEvents {
  /** A message was stored (committed): the handlers deliver it to the action's room, cut per receiver. */
  posted: [ChatRecord];
}

/**
 * Who takes part: a field officer's terminal through the teams it is on (those assigned to the
 * action), or a console whose role holds dispatch:read (the handlers check that) through its court.
 */
export interface ChatParticipant {
  actor: Actor;
  terminal: boolean;
}

/** How a participant reaches one action's chat. */
interface Access {
  action: ActionTarget;
  /** A terminal's team on the action (the first by name); null for a console. */
  team: TeamRef | null;
}

/**
 * Action chat (一案一群; the only writer of `chat_messages`): the messages of one enforcement action
 * among the officers of its teams and the consoles of its court and the courts above it. Each message
 * is stored with its audit entry in one transaction (the photo's SHA-256 in the audit, not the photo),
 * then announced ('posted'). Ids follow commit order, so `list(after)` after a reconnect misses nothing.
 *
 * Reading: the terminals of the action's teams, and consoles (dispatch:read) whose court may see the
 * action; anyone else is told ERR_NOT_FOUND, as for an action that does not exist. Posting: the same
 * people when their role holds chat:post (officers, dispatchers, leaders; operators and supervisors
 * read only: ERR_FORBIDDEN), while the action is planned or ongoing (else ERR_INVALID_STATE).
 */
export class ChatService extends EventEmitter<ChatServiceEvents> {
  readonly #db: Kysely<Database>;
  readonly #courts: () => CourtTree;
  readonly #teams: TeamDirectory;
  readonly #actions: ChatServiceOptions['actions'];
  readonly #clock: Clock;

  constructor(opts: ChatServiceOptions) {
    super();
    this.#db = opts.db;
    this.#courts = opts.courts;
    this.#teams = opts.teams;
    this.#actions = opts.actions;
    this.#clock = opts.clock ?? systemClock;
  }

  /** `chat:send`: stores a message; a resend of the sender's clientKey answers the first message, stored once. */
  async send(p: ChatParticipant, m: SendChat): Promise<ChatMessage> {
    const first = await this.#byClientKey(p.actor.userId, m.clientKey);
    if (first) return first.view;
    if (m.text === undefined && m.photo === undefined) throw new BadMessageError('/text: 请输入文字或附照片 / give text, a photo or both');
    if (m.text !== undefined && m.text.trim() === '') throw new BadMessageError('/text: 内容为空白 / is blank');
    const photoSha256 = m.photo === undefined ? null : createHash('sha256').update(checkPhoto(m.photo, '/photo')).digest('hex');
    const { action, team } = await this.#access(p, m.actionId);
    if (!can(p.actor.role, 'chat:post')) {
      throw new ForbiddenError(`角色 ${p.actor.role} 只能查看行动群聊 / role ${p.actor.role} may read the action chat but not post`);
    }
    if (!OPEN_STATUSES.includes(action.status)) throw new InvalidStateError(`行动已${action.status === 'finished' ? '结束' : '取消'}，群聊已关闭 / action is ${action.status}: its chat is closed`);

    const now = dateOf(this.#clock);
    const stored = await this.#db.transaction().execute(async (trx) => {
      const id = await nextMessageId(trx);
      const row = await trx
        .insertInto('chat_messages')
        .values({
          id,
          action_id: m.actionId,
          court_id: action.courtId,
          sender_id: p.actor.userId,
          sender_name: p.actor.name,
          sender_role: p.actor.role,
          sender_court_id: p.actor.courtId,
          team_id: team?.id ?? null,
          team_name: team?.name ?? null,
          team_court_id: team?.courtId ?? null,
          client_key: m.clientKey,
          text: m.text ?? null,
          photo: m.photo ?? null,
          photo_sha256: photoSha256,
          sent_at: now.toISOString(),
        })
        // A concurrent resend of the same key: the first insert wins, this one answers it.
        .onConflict((oc) => oc.columns(['sender_id', 'client_key']).doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!row) return false;
      await AuditLog.append(
        trx,
        {
          actorUserId: p.actor.userId,
          actorName: p.actor.username,
          courtId: p.actor.courtId,
          action: 'chat.send',
          targetType: 'action',
          targetId: m.actionId,
          detail: { messageId: id, teamId: team?.id ?? null, text: m.text ?? null, photoSha256, clientKey: m.clientKey },
        },
        now,
      );
      return true;
    });
    const record = await this.#byClientKey(p.actor.userId, m.clientKey);
    if (!record) throw new Error(`chat message ${m.clientKey} neither stored nor found`);
    if (stored) this.emit('posted', record);
    return record.view;
  }

  /** `chat:list`: the action's messages with ids above `after`, oldest first, at most `limit`. */
  async list(p: ChatParticipant, m: ListChat): Promise<ChatMessage[]> {
    await this.#access(p, m.actionId);
    const rows = await this.#rows()
      .where('action_id', '=', m.actionId)
      .where('id', '>', m.after ?? 0)
      .orderBy('id')
      .limit(m.limit ?? CHAT_PAGE_DEFAULT)
      .execute();
    const tree = this.#courts();
    return rows.map((r) => chatViewFor(tree, chatRecordOf(r, tree), p.actor));
  }

  /** `chat:photo`: one message's photo, for a participant of its action. */
  async photo(p: ChatParticipant, m: ChatPhotoRequest): Promise<{ photo: string }> {
    const row = await this.#db.selectFrom('chat_messages').select(['action_id', 'photo']).where('id', '=', m.messageId).executeTakeFirst();
    if (!row) throw new NotFoundError(`消息 ${m.messageId} / message ${m.messageId}`);
    await this.#access(p, row.action_id);
    if (row.photo === null) throw new NotFoundError(`消息 ${m.messageId} 的照片 / photo of message ${m.messageId}`);
    return { photo: row.photo };
  }

  /** The SHA-256 of every photo in the action's chat (as its chat.send audit entry holds it), by message id. */
  async photoDigests(p: ChatParticipant, actionId: string): Promise<Map<number, string>> {
    await this.#access(p, actionId);
    const rows = await this.#db.selectFrom('chat_messages').select(['id', 'photo_sha256']).where('action_id', '=', actionId).where('photo_sha256', 'is not', null).execute();
    return new Map(rows.flatMap((r) => (r.photo_sha256 === null ? [] : [[Number(r.id), r.photo_sha256] as const])));
  }

  /** The action, and the terminal's team on it; ERR_NOT_FOUND for whoever may not see it (existence is not revealed). */
  async #access(p: ChatParticipant, actionId: string): Promise<Access> {
    const action = await this.#actions.target(actionId);
    const notFound = () => new NotFoundError(`行动 ${actionId} / action ${actionId}`);
    if (!action) throw notFound();
    if (!p.terminal) {
      if (!this.#courts().canSee(p.actor.courtId, action.courtId)) throw notFound();
      return { action, team: null };
    }
    // Memberships are read on every request: an officer moved off the team is out at once.
    const mine = (await this.#teams.teamsOf(p.actor.userId))
      .filter((t) => action.teamIds.includes(t.id))
      .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN') || a.id.localeCompare(b.id));
    const team = mine[0];
    if (!team) throw notFound();
    return { action, team };
  }

  #rows() {
    return this.#db
      .selectFrom('chat_messages')
      .select(['id', 'action_id', 'court_id', 'sender_id', 'sender_name', 'sender_role', 'sender_court_id', 'team_id', 'team_name', 'team_court_id'])
      .select(['text', 'photo_sha256', 'sent_at'])
      .select((eb) => eb.case().when('photo', 'is', null).then(0).else(1).end().as('has_photo'));
  }

  async #byClientKey(senderId: string, clientKey: string): Promise<ChatRecord | null> {
    const row: ChatRow | undefined = await this.#rows().where('sender_id', '=', senderId).where('client_key', '=', clientKey).executeTakeFirst();
    return row ? chatRecordOf(row, this.#courts()) : null;
  }
}

/**
 * The next message id, under a lock held until commit: ids are then assigned in commit order, so a
 * reader that saw id n has seen every message below n. SQLite runs one writer at a time already;
 * PostgreSQL would otherwise let a smaller id commit after a larger one was read.
 */
async function nextMessageId(trx: Transaction<Database>): Promise<number> {
  if (trx.getExecutor().adapter instanceof PostgresAdapter) await sql`select pg_advisory_xact_lock(${CHAT_LOCK_KEY})`.execute(trx);
  const last = await trx.selectFrom('chat_messages').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
  return Number(last?.id ?? 0) + 1;
}
