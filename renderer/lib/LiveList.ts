import { mergeById } from './resync.ts';
import { Store } from './store.ts';

/** Hands a list answer to LiveList.sync(); `complete` when the answer holds every item there is. */
export type Take<T> = (items: readonly T[], opts?: { complete?: boolean }) => void;

export interface LiveListOptions<T> {
  /** Merges two views of one item (the held one, the incoming one): states only move forward. */
  merge: (old: T, next: T) => T;
  /** The order the screen shows (it may also drop items, as closed actions). */
  order: (list: readonly T[]) => readonly T[];
}

/**
 * A list kept live by server events and read again from the server after every (re)connect.
 * The answer to a list request may have been computed before a change whose live event arrived
 * first: an item changed live while the request was out keeps its live view (Socket.IO keeps one
 * connection's order, so that event is at least as new as the answer); the others are merged.
 */
export class LiveList<T extends { id: string }> {
  readonly items = new Store<readonly T[]>([]);
  readonly #merge: (old: T, next: T) => T;
  readonly #order: (list: readonly T[]) => readonly T[];
  /** For each read in flight, the ids changed live since it began. */
  readonly #reads = new Set<Set<string>>();

  constructor(opts: LiveListOptions<T>) {
    this.#merge = opts.merge;
    this.#order = opts.order;
  }

  /** A live event, or the answer to one's own request about one item. */
  apply(item: T): void {
    for (const touched of this.#reads) touched.add(item.id);
    this.items.update((list) => this.#order(mergeById(list, [item], this.#merge)));
  }

  /** Reads the list from the server: `read` sends the request(s) and hands each answer to `take`. */
  async sync(read: (take: Take<T>) => Promise<void>): Promise<void> {
    const touched = new Set<string>();
    this.#reads.add(touched);
    try {
      await read((items, opts) => this.#take(items, touched, opts?.complete ?? false));
    } finally {
      this.#reads.delete(touched);
    }
  }

  #take(items: readonly T[], touched: ReadonlySet<string>, complete: boolean): void {
    const fresh = items.filter((x) => !touched.has(x.id));
    const answered = new Set(items.map((x) => x.id));
    this.items.update((list) => {
      // A complete answer leaves out what is gone (an action finished while we were away).
      const kept = complete ? list.filter((x) => answered.has(x.id) || touched.has(x.id)) : list;
      return this.#order(mergeById(kept, fresh, this.#merge));
    });
  }
}
