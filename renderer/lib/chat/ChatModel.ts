import { CHAT_POST_ROLES } from '../../../protocol/chat.ts';
import type { Role } from '../../../protocol/domain.ts';
import type { ClientSocket } from '../socket.ts';
import { ChatThread } from './ChatThread.ts';

/**
 * Action chat on one page, outside React: a ChatThread per action opened, kept live by 'chat:new'
 * (the socket is in the action's room: a terminal of its teams, a console following it) and caught up
 * with `chat:list { after }` whenever the page may have missed something: on every session:ready
 * (resync) and when the console starts following (catchUp). Requests wait for session:ready: before
 * it the server may not listen for chat events yet.
 */
export interface ChatModelOptions {
  /** The signed-in user: their own messages are not unread (null: unknown). */
  selfUserId: string | null;
  /** Their role: whether the page offers an input (the server decides; null: offer it). */
  role?: Role | null;
  /** Whether the socket is in the action's room now; a terminal is in the rooms of its actions (default). */
  isLive?: (actionId: string) => boolean;
}

export class ChatModel {
  /** The signed-in user: their own messages are not unread. */
  readonly selfUserId: string | null;
  /** Whether the user's role posts (chat:post); others read. */
  readonly canPost: boolean;
  readonly #socket: ClientSocket;
  readonly #isLive: (actionId: string) => boolean;
  readonly #threads = new Map<string, ChatThread>();
  #ready = false;

  constructor(socket: ClientSocket, opts: ChatModelOptions) {
    this.#socket = socket;
    this.selfUserId = opts.selfUserId;
    this.canPost = opts.role == null || (CHAT_POST_ROLES as readonly Role[]).includes(opts.role);
    this.#isLive = opts.isLive ?? (() => true);
    // Messages of an action no thread is open for are read from the store when one opens.
    socket.on('chat:new', (m) => this.#threads.get(m.actionId)?.receive(m));
    socket.on('session:ready', () => {
      this.#ready = true;
    });
    socket.on('disconnect', () => {
      this.#ready = false;
      for (const thread of this.#threads.values()) thread.desync();
    });
  }

  /** The thread of `actionId`, opened (and read from the server) the first time it is asked for. */
  thread(actionId: string): ChatThread {
    let thread = this.#threads.get(actionId);
    if (!thread) {
      const readKey = this.selfUserId === null ? null : `chat.read.${this.selfUserId}.${actionId}`;
      thread = new ChatThread({
        socket: this.#socket,
        actionId,
        ready: () => this.#ready && this.#socket.connected,
        live: () => this.#socket.connected && this.#isLive(actionId),
        readKey,
      });
      this.#threads.set(actionId, thread);
      if (this.#ready) void thread.catchUp();
    }
    return thread;
  }

  /** Reads what every open thread missed and sends what waited: call after session:ready (and, on a console, once following again). */
  async resync(): Promise<void> {
    this.#ready = this.#socket.connected;
    await Promise.all(
      [...this.#threads.values()].map(async (thread) => {
        await thread.catchUp();
        thread.resendWaiting();
      }),
    );
  }

  /** The socket joined the action's room (a console began following it): read what its thread missed. */
  joined(actionId: string): void {
    const thread = this.#threads.get(actionId);
    if (thread && this.#ready) void thread.catchUp();
  }

  /** The socket left the action's room: its messages no longer arrive live. */
  left(actionId: string): void {
    this.#threads.get(actionId)?.desync();
  }
}
