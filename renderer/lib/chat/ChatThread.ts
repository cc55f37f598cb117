import { CHAT_PAGE_MAX, type ChatMessage } from '../../../protocol/chat.ts';
import { errorMessage } from '../dispatch.ts';
import { request, RequestError, type ClientSocket } from '../socket.ts';
import { Store } from '../store.ts';

/** A message written here and not yet stored: being sent, waiting for the connection, or refused. */
export interface PendingChat {
  clientKey: string;
  text: string | null;
  /** The data: URL being sent (its preview). */
  photo: string | null;
  state: 'sending' | 'waiting' | 'failed';
  error: string | null;
}

export type ThreadState = { kind: 'loading' } | { kind: 'ready' } | { kind: 'error'; message: string };

/** A message's photo as the screen holds it. */
export type PhotoState = { kind: 'loading' } | { kind: 'ready'; url: string } | { kind: 'error' };

export interface ChatThreadOptions {
  socket: ClientSocket;
  actionId: string;
  /** Whether the socket may send requests now (after session:ready, until a disconnect). */
  ready: () => boolean;
  /** Whether the socket is in the action's room now (a terminal of its teams, a console following it): 'chat:new' reaches it. */
  live: () => boolean;
  /** Where the last message marked read is kept across reloads (null: not kept). */
  readKey: string | null;
}

/** Messages from others above `readThrough`: what the unread badge counts. */
export function unreadCount(messages: readonly ChatMessage[], readThrough: number, selfUserId: string | null): number {
  let n = 0;
  for (const m of messages) if (m.id > readThrough && m.sender.userId !== selfUserId) n++;
  return n;
}

/** `list` with `incoming` merged in: each id once (the first copy held wins: a message never changes), ordered by id. */
export function mergeMessages(list: readonly ChatMessage[], incoming: readonly ChatMessage[]): readonly ChatMessage[] {
  const held = new Set(list.map((m) => m.id));
  const fresh = incoming.filter((m) => !held.has(m.id) && (held.add(m.id), true));
  if (fresh.length === 0) return list;
  return [...list, ...fresh].sort((a, b) => a.id - b.id);
}

/**
 * One action's chat, outside React: the messages held (kept live by 'chat:new' and read again with
 * `chat:list { after }` on every reconnect: at least once, duplicates dropped by id), what the user
 * sent that is not stored yet (resent with the same clientKey until the server answers), photos
 * fetched on demand, and how far the user has read.
 *
 * `after` is not simply the newest id held: a socket rejoins the room before session:ready, so a
 * message sent then arrives live ahead of the ones missed while offline. The thread keeps `through`,
 * the id up to which it holds everything: answers move it, and a live message moves it only while the
 * thread is in sync (caught up since it last joined the room, and in it since). desync() when leaving.
 */
export class ChatThread {
  readonly actionId: string;
  readonly messages = new Store<readonly ChatMessage[]>([]);
  readonly pending = new Store<readonly PendingChat[]>([]);
  readonly state = new Store<ThreadState>({ kind: 'loading' });
  readonly photos = new Store<Readonly<Record<number, PhotoState>>>({});
  /** The id of the last message the user has seen on screen. */
  readonly readThrough: Store<number>;
  readonly #socket: ClientSocket;
  readonly #ready: () => boolean;
  readonly #readKey: string | null;
  readonly #live: () => boolean;
  #running: Promise<void> | null = null;
  #rerun = false;
  /** Every message with an id up to this is held. */
  #through = 0;
  #inSync = false;
  /** Bumped by desync(): a catch-up begun before it does not put the thread in sync. */
  #generation = 0;

  constructor(opts: ChatThreadOptions) {
    this.actionId = opts.actionId;
    this.#socket = opts.socket;
    this.#ready = opts.ready;
    this.#live = opts.live;
    this.#readKey = opts.readKey;
    const kept = opts.readKey === null ? 0 : Number(localStorage.getItem(opts.readKey) ?? 0);
    this.readThrough = new Store(Number.isSafeInteger(kept) ? kept : 0);
  }

  /** The id of the newest message held (0: none). */
  get lastId(): number {
    return this.messages.get().at(-1)?.id ?? 0;
  }

  /** The id up to which every message is held: a catch-up asks for what came after it. */
  get through(): number {
    return this.#through;
  }

  /** Messages from an answer that says nothing of what lies between (a send's). */
  apply(incoming: readonly ChatMessage[]): void {
    this.messages.update((list) => mergeMessages(list, incoming));
  }

  /** A 'chat:new': in sync, everything before it has arrived (one connection keeps its order). */
  receive(m: ChatMessage): void {
    this.apply([m]);
    if (this.#inSync && m.id > this.#through) this.#through = m.id;
  }

  /** The socket left the room or the connection: live messages no longer follow on from `through`. */
  desync(): void {
    this.#inSync = false;
    this.#generation++;
  }

  /**
   * Reads what came after the last message held, page by page until a short page. Called on every
   * session:ready and when the socket joins the action's room; a call while one runs runs it again.
   */
  catchUp(): Promise<void> {
    if (this.#running) {
      this.#rerun = true;
      return this.#running;
    }
    this.#running = (async () => {
      do {
        this.#rerun = false;
        const generation = this.#generation;
        const live = this.#live();
        try {
          await this.#readAll();
          // In the room since before the read began: what comes live now follows on from the answers.
          if (live && generation === this.#generation && this.#live()) this.#inSync = true;
          this.state.set({ kind: 'ready' });
        } catch (err) {
          this.state.set({ kind: 'error', message: errorMessage(err) });
        }
      } while (this.#rerun && this.#ready());
    })().finally(() => {
      this.#running = null;
    });
    return this.#running;
  }

  async #readAll(): Promise<void> {
    for (;;) {
      const page = await request(this.#socket, 'chat:list', { actionId: this.actionId, after: this.#through, limit: CHAT_PAGE_MAX });
      this.apply(page);
      // An answer holds every message after `through` up to its last.
      this.#through = Math.max(this.#through, page.at(-1)?.id ?? 0);
      if (page.length < CHAT_PAGE_MAX) return;
    }
  }

  /** Sends text and/or a photo (a data: URL the server accepts); shown as pending until stored. */
  send(text: string, photo: string | null): Promise<void> {
    const clean = text.trim();
    const item: PendingChat = { clientKey: crypto.randomUUID(), text: clean === '' ? null : clean, photo, state: 'sending', error: null };
    if (item.text === null && item.photo === null) return Promise.resolve();
    this.pending.update((list) => [...list, item]);
    return this.#deliver(item);
  }

  /** Sends again what waited for the connection (after session:ready), with its first clientKey. */
  resendWaiting(): void {
    for (const item of this.pending.get()) if (item.state === 'waiting') void this.#deliver(item);
  }

  /** Sends a refused message again (the user asked). */
  retry(clientKey: string): void {
    const item = this.pending.get().find((p) => p.clientKey === clientKey);
    if (item && item.state !== 'sending') void this.#deliver(item);
  }

  /** Gives up a message that was not stored. */
  discard(clientKey: string): void {
    this.pending.update((list) => list.filter((p) => p.clientKey !== clientKey || p.state === 'sending'));
  }

  async #deliver(item: PendingChat): Promise<void> {
    this.#setPending(item.clientKey, { state: 'sending', error: null });
    if (!this.#ready()) {
      this.#setPending(item.clientKey, { state: 'waiting' });
      return;
    }
    try {
      const stored = await request(this.#socket, 'chat:send', {
        actionId: this.actionId,
        clientKey: item.clientKey,
        ...(item.text !== null ? { text: item.text } : {}),
        ...(item.photo !== null ? { photo: item.photo } : {}),
      });
      // The photo just sent is the one stored: no need to fetch it back.
      if (item.photo !== null) this.#setPhoto(stored.id, { kind: 'ready', url: item.photo });
      this.apply([stored]);
      this.pending.update((list) => list.filter((p) => p.clientKey !== item.clientKey));
    } catch (err) {
      // No answer (the connection dropped): the same clientKey goes again after session:ready, and the
      // server stores it once. An answer that refused it (closed action, no right to post) is final.
      const lost = err instanceof RequestError && err.code === 'ERR_TIMEOUT';
      this.#setPending(item.clientKey, lost ? { state: 'waiting' } : { state: 'failed', error: errorMessage(err) });
    }
  }

  #setPending(clientKey: string, change: Partial<PendingChat>): void {
    this.pending.update((list) => list.map((p) => (p.clientKey === clientKey ? { ...p, ...change } : p)));
  }

  /** Fetches a message's photo once (chat:photo), or `again` after it failed; its state is in `photos`. */
  loadPhoto(messageId: number, again = false): void {
    const held = this.photos.get()[messageId];
    if (held && !(again && held.kind === 'error')) return;
    this.#setPhoto(messageId, { kind: 'loading' });
    request(this.#socket, 'chat:photo', { messageId }).then(
      ({ photo }) => this.#setPhoto(messageId, { kind: 'ready', url: photo }),
      // Shown as failed, with a click to ask again.
      () => this.#setPhoto(messageId, { kind: 'error' }),
    );
  }

  #setPhoto(messageId: number, state: PhotoState): void {
    this.photos.update((all) => ({ ...all, [messageId]: state }));
  }

  /** Everything held has been seen (the chat is open on screen). */
  markRead(): void {
    const last = this.lastId;
    if (last <= this.readThrough.get()) return;
    this.readThrough.set(last);
    if (this.#readKey !== null) localStorage.setItem(this.#readKey, String(last));
  }
}
