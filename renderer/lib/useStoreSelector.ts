import { useState, useSyncExternalStore } from 'react';
import type { Store } from './store.ts';

/** Whether two selections are the same for the screen. */
export type Equal<S> = (a: S, b: S) => boolean;

/** Reads a selection from a store's value; see selectionCache(). */
export type ReadSelection<T, S> = (value: T, select: (value: T) => S, equal: Equal<S>) => S;

/**
 * Remembers the last selection: the same value read with the same `select` gives it back without
 * calling `select`, and a new selection `equal` to it gives back the old object. useSyncExternalStore
 * compares snapshots with Object.is, so this is what lets a component skip a render when the store
 * changed but its slice did not, and keeps an equal slice's identity for memo'd children below.
 */
export function selectionCache<T, S>(): ReadSelection<T, S> {
  let last: { value: T; select: (value: T) => S; selected: S } | null = null;
  return (value, select, equal) => {
    if (last && Object.is(last.value, value) && last.select === select) return last.selected;
    const next = select(value);
    const selected = last && equal(last.selected, next) ? last.selected : next;
    last = { value, select, selected };
    return selected;
  };
}

/**
 * Subscribes a component to the part of a Store it shows: it renders again only when the new
 * selection is not `equal` (Object.is by default; shallowEqual for a fresh array or object) to the
 * one on screen. `select` may be an inline function.
 */
export function useStoreSelector<T, S>(store: Store<T>, select: (value: T) => S, equal: Equal<S> = Object.is): S {
  const [read] = useState(() => selectionCache<T, S>());
  const getSelection = () => read(store.get(), select, equal);
  return useSyncExternalStore(store.subscribe, getSelection, getSelection);
}
