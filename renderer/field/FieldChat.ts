import type { ActionView } from '../../protocol/action.ts';
import { ChatModel } from '../lib/chat/ChatModel.ts';
import type { ClientSocket } from '../lib/socket.ts';
import { Store } from '../lib/store.ts';

/**
 * Action chat on the field terminal, outside React: a thread for every open action of the officer's
 * teams (the terminal is in each action's room from connecting: 'terminal:context' names them), read
 * again after every session:ready, and the action whose chat is on screen.
 */
export class FieldChat {
  readonly chat: ChatModel;
  /** The action whose chat is shown (the first, ongoing first, until the officer picks another). */
  readonly current = new Store<string | null>(null);
  /** Whether the chat section is open; closed, it shows how many messages are unread. */
  readonly expanded = new Store<boolean>(true);

  constructor(socket: ClientSocket, selfUserId: string | null) {
    this.chat = new ChatModel(socket, { selfUserId });
    socket.on('terminal:context', (c) => this.#actions(c.actions));
    socket.on('session:ready', () => void this.chat.resync());
  }

  #actions(actions: readonly ActionView[]): void {
    // The server joined the rooms before it sent the context: a new thread reads from the first message.
    for (const a of actions) this.chat.thread(a.id);
    const current = this.current.get();
    if (current === null || !actions.some((a) => a.id === current)) this.current.set(actions[0]?.id ?? null);
  }

  show(actionId: string): void {
    this.current.set(actionId);
    this.expanded.set(true);
  }

  toggle(): void {
    this.expanded.update((open) => !open);
  }
}
