import type { DragEvent } from 'react';

// What can be dragged onto the wall, each as its own dataTransfer type so a drop target can tell
// them apart during dragover (when only the types, not the data, are readable).

/** A team (执行组) from the dispatch team list or the map's team card: the data is the team id. */
export const TEAM_DRAG = 'application/x-cc-team';
/** A feed from the wall's 在线画面 list: the data is the feed id. */
export const FEED_DRAG = 'application/x-cc-feed';
/** A slot of the wall, dragged onto another to swap them: the data is the slot index. */
export const SLOT_DRAG = 'application/x-cc-slot';

/** What a drop on the wall carries. */
export type WallDrop = { kind: 'team'; teamId: string } | { kind: 'feed'; feedId: string } | { kind: 'slot'; slot: number };

/** Starts dragging a team; a plain-text copy names it for drops outside the console. */
export function dragTeam(e: DragEvent, teamId: string, name: string): void {
  e.dataTransfer.setData(TEAM_DRAG, teamId);
  e.dataTransfer.setData('text/plain', name);
  e.dataTransfer.effectAllowed = 'copy';
}

/** Whether a drag over the wall carries something it takes (checked in dragover, where the data is hidden). */
export function carriesWallDrop(e: DragEvent): boolean {
  const types = e.dataTransfer.types;
  return types.includes(TEAM_DRAG) || types.includes(FEED_DRAG) || types.includes(SLOT_DRAG);
}

/** What was dropped, or null for anything else (a file, text from another page). */
export function readWallDrop(e: DragEvent): WallDrop | null {
  const teamId = e.dataTransfer.getData(TEAM_DRAG);
  if (teamId) return { kind: 'team', teamId };
  const feedId = e.dataTransfer.getData(FEED_DRAG);
  if (feedId) return { kind: 'feed', feedId };
  const slot = e.dataTransfer.getData(SLOT_DRAG);
  if (/^\d{1,2}$/.test(slot)) return { kind: 'slot', slot: Number(slot) };
  return null;
}
