import { useMemo } from 'react';
import { useStore } from '../../lib/useStore.ts';
import { useConsoleModel } from '../ModelContext.ts';
import { subtreeIds } from './courtTree.ts';

/** The court subtree the map's drill-down narrows every panel to; null at the caller's own court. */
export function useSubtree(): ReadonlySet<string> | null {
  const c = useConsoleModel();
  const focus = useStore(c.scope);
  const state = useStore(c.courts.state);
  return useMemo(() => (focus && state.kind === 'ready' ? subtreeIds(state.courts, focus) : null), [focus, state]);
}
