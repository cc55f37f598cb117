import { useSyncExternalStore } from 'react';
import type { Store } from './store.ts';

/**
 * The whole value of a Store that holds one thing a component shows whole (a state, a flag, the
 * signed-in user). Lists and records that several cards read go through useStoreSelector instead.
 */
export function useStore<T>(store: Store<T>): T {
  return useSyncExternalStore(store.subscribe, store.get, store.get);
}
