import { useEffect } from 'react';
import type { Layout } from '../layout/Layout.ts';

/**
 * 查看视频 on a map-only monitor opens the wall page as `?view=wall&team=<id>`: the wall takes the
 * team from there once, and the address drops it so a reload does not bring the team forward again.
 */
export function useTeamParam(layout: Layout): void {
  useEffect(() => {
    const url = new URL(window.location.href);
    const team = url.searchParams.get('team');
    if (!team) return;
    // Only an id-shaped value: anything else is a mistyped address, not a team.
    if (!/^[\w-]{1,64}$/.test(team)) return;
    url.searchParams.delete('team');
    window.history.replaceState(null, '', url);
    layout.showVideo(team);
  }, [layout]);
}
