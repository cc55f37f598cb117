/**
 * A value that lives outside React; components subscribe to the part they show with
 * useStoreSelector(), or to the whole value with useStore(). `set` replaces the value (never mutate
 * it), so `get` returns the same object until it changes.
 */
export class Store<T> {
  #value: T;
  readonly #listeners = new Set<() => void>();

  constructor(initial: T) {
    this.#value = initial;
  }

  get = (): T => this.#value;

  set(next: T): void {
    if (Object.is(next, this.#value)) return;
    this.#value = next;
    for (const l of this.#listeners) l();
  }

  update(fn: (current: T) => T): void {
    this.set(fn(this.#value));
  }

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };
}
