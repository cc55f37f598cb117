import { useMemo } from 'react';
import { useStore } from '../../lib/useStore.ts';
import { EMPTY_SLOT, resolveSlots } from './wallLayout.ts';
import type { WallModel } from './WallModel.ts';
import { WallSlot } from './WallSlot.tsx';

/**
 * The slots of the current layout, √n × √n. Focus keeps the same elements (the tile is not
 * remounted, so it keeps its consumer): the focused slot fills the grid and the others are
 * display:none, which a tile reads as 0×0 and pauses its consumer.
 */
export function WallGrid({ wall }: { wall: WallModel }) {
  const { size, slots } = useStore(wall.state);
  const live = useStore(wall.live);
  const focus = useStore(wall.focus);
  const flash = useStore(wall.flash);
  const feeds = useMemo(() => resolveSlots(slots.slice(0, size), live), [slots, size, live]);
  const side = Math.round(Math.sqrt(size));
  const template = `repeat(${side}, minmax(0, 1fr))`;
  return (
    <div
      className={focus === null ? 'wall-grid' : 'wall-grid is-focused'}
      data-testid="wall-grid"
      data-size={size}
      data-focus={focus ?? ''}
      style={{ gridTemplateColumns: template, gridTemplateRows: template }}
    >
      {feeds.map((feed, i) => (
        <WallSlot
          key={i}
          index={i}
          slot={slots[i] ?? EMPTY_SLOT}
          feed={feed}
          focused={focus === i}
          hidden={focus !== null && focus !== i}
          flash={flash.includes(i)}
          wall={wall}
        />
      ))}
    </div>
  );
}
