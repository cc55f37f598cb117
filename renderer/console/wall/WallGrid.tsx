import { useMemo } from 'react';
import { useStore } from '../../lib/useStore.ts';
import { EMPTY_SLOT, feedKey, resolveSlots } from './wallLayout.ts';
import type { WallModel } from './WallModel.ts';
import { WallSlot } from './WallSlot.tsx';

/**
 * The slots of the current layout, √n × √n, fitted to 16:9 cells. Each slot is keyed by its feed
 * and placed by grid row and column, in an order that does not follow the slots: a swap, a team
 * drop or a new layout only restyles the elements, so no tile is remounted (or its <video> moved in
 * the DOM, which pauses it) and none reconnects. Focus keeps the same elements too: the focused slot
 * fills the grid and the others are display:none, which a tile reads as 0×0 and pauses its consumer.
 */
export function WallGrid({ wall }: { wall: WallModel }) {
  const { size, slots } = useStore(wall.state);
  const live = useStore(wall.live);
  const focus = useStore(wall.focus);
  const flash = useStore(wall.flash);
  const items = useMemo(() => {
    const feeds = resolveSlots(slots.slice(0, size), live);
    const list = feeds.map((feed, i) => {
      const s = slots[i] ?? EMPTY_SLOT;
      return { i, slot: s, feed, key: s.feed ? `feed:${feedKey(s.feed)}` : `empty:${i}` };
    });
    return list.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }, [slots, size, live]);
  const side = Math.round(Math.sqrt(size));
  const template = `repeat(${side}, minmax(0, 1fr))`;
  return (
    <div className="wall-stage">
      <div
        className={focus === null ? 'wall-grid' : 'wall-grid is-focused'}
        data-testid="wall-grid"
        data-size={size}
        data-focus={focus ?? ''}
        style={{ gridTemplateColumns: template, gridTemplateRows: template }}
      >
        {items.map(({ i, slot, feed, key }) => (
          <WallSlot
            key={key}
            index={i}
            row={Math.floor(i / side) + 1}
            column={(i % side) + 1}
            slot={slot}
            feed={feed}
            focused={focus === i}
            hidden={focus !== null && focus !== i}
            flash={flash.includes(i)}
            wall={wall}
          />
        ))}
      </div>
    </div>
  );
}
