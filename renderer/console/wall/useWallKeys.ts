import { useEffect } from 'react';
import { useStore } from '../../lib/useStore.ts';
import type { WallModel } from './WallModel.ts';

/** Esc leaves the focus view (listening only while a feed is focused, so Esc elsewhere is untouched). */
export function useWallKeys(wall: WallModel): void {
  const focused = useStore(wall.focus) !== null;
  useEffect(() => {
    if (!focused) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') wall.unfocus();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [wall, focused]);
}
