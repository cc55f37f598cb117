import type { SocketData } from '../../protocol/events.ts';
import { actorOf, type Actor } from '../auth/index.ts';
import type { Logger } from '../logger.ts';
import type { AppSocket } from './types.ts';

/** Something a connection holds until it ends (a presence, a team watch, a media peer, a follow). */
export type Release = () => void | Promise<void>;

/**
 * One client's connection: created the moment its socket connects, before any feature's set-up
 * runs, and the single owner of everything held for that socket. A feature that takes something per
 * socket hands its release to `hold()`; when the socket goes, `close()` releases everything exactly
 * once, newest first. A socket that drops while a feature is still setting up is covered too: what
 * that feature takes afterwards is released at once (hold() on a closed connection), so no terminal
 * stays shown online and no team stays watched for a connection that is gone.
 */
export class Connection {
  readonly socket: AppSocket;
  readonly data: SocketData;
  /** Who acts through this connection (audit, scope). */
  readonly actor: Actor;
  readonly #logger: Logger;
  readonly #held: Release[] = [];
  /** Values features compute once per connection (a field officer's teams), by key. */
  readonly #memo = new Map<string, Promise<unknown>>();
  #closing: Promise<void> | null = null;

  constructor(socket: AppSocket, logger: Logger) {
    this.socket = socket;
    this.data = socket.data;
    this.actor = actorOf(socket.data);
    this.#logger = logger;
  }

  get id(): string {
    return this.socket.id;
  }

  get closed(): boolean {
    return this.#closing !== null;
  }

  /** Keeps `release` until the connection ends; on a connection that already ended, releases at once. */
  hold(release: Release): void {
    if (this.#closing) {
      void this.#release(release);
      return;
    }
    this.#held.push(release);
  }

  /** Joins rooms for as long as the connection lives (Socket.IO leaves them on disconnect). */
  async join(rooms: string | readonly string[]): Promise<void> {
    if (this.closed) return;
    await this.socket.join(rooms as string | string[]);
  }

  /** `compute()` once per connection, however many features ask while it sets up. */
  once<T>(key: string, compute: () => Promise<T>): Promise<T> {
    let value = this.#memo.get(key) as Promise<T> | undefined;
    if (!value) {
      value = compute();
      this.#memo.set(key, value);
    }
    return value;
  }

  /** Releases everything held, newest first, exactly once; later calls wait for the first. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      while (this.#held.length > 0) await this.#release(this.#held.pop()!);
    })();
    return this.#closing;
  }

  async #release(release: Release): Promise<void> {
    try {
      await release();
    } catch (err) {
      this.#logger.error({ err, socketId: this.socket.id }, 'connection release failed');
    }
  }
}
