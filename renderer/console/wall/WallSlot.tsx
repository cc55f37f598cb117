import { memo, useState, type DragEvent } from 'react';
import type { FeedInfo } from '../../../protocol/media.ts';
import { t, tEn } from '../../lib/i18n.ts';
import { carriesWallDrop, readWallDrop, SLOT_DRAG } from './dragTypes.ts';
import { FeedTile } from './FeedTile.tsx';
import { SlotHeader } from './SlotHeader.tsx';
import type { Slot } from './wallLayout.ts';
import type { WallModel } from './WallModel.ts';

interface WallSlotProps {
  index: number;
  /** Where the slot sits in the grid (1-based): set as style, so moving a slot never moves its element. */
  row: number;
  column: number;
  slot: Slot;
  /** The live feed the slot shows, or null (empty, or its feed is not live). */
  feed: FeedInfo | null;
  focused: boolean;
  /** Another slot is focused: this one is display:none, so its tile pauses. */
  hidden: boolean;
  flash: boolean;
  wall: WallModel;
}

/** One position of the wall: a drop target, a drag source for swapping, double-click to focus. */
export const WallSlot = memo(function WallSlot({ index, row, column, slot, feed, focused, hidden, flash, wall }: WallSlotProps) {
  const [over, setOver] = useState(false);
  const state = feed ? 'live' : slot.feed ? 'offline' : 'empty';
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    const drop = readWallDrop(e);
    if (drop?.kind === 'team') wall.placeTeam(drop.teamId, index);
    else if (drop?.kind === 'feed') wall.placeFeed(drop.feedId, index);
    else if (drop?.kind === 'slot') wall.swap(drop.slot, index);
  };
  const classes = ['wall-slot', `slot-${state}`, slot.pinned && 'is-pinned', focused && 'is-focused', hidden && 'is-hidden', flash && 'is-flash', over && 'is-over'];
  return (
    <div
      className={classes.filter(Boolean).join(' ')}
      role="group"
      aria-label={t('wall.slot', { n: index + 1 })}
      data-testid="wall-slot"
      data-slot={index}
      data-state={state}
      data-feed-id={feed?.feedId ?? ''}
      data-terminal-id={slot.feed?.terminalId ?? ''}
      data-pinned={slot.pinned}
      data-focused={focused}
      style={{ gridRow: row, gridColumn: column }}
      draggable={slot.feed !== null && !focused}
      onDragStart={(e) => {
        e.dataTransfer.setData(SLOT_DRAG, String(index));
        e.dataTransfer.effectAllowed = 'move';
      }}
      onDragOver={(e) => {
        if (!carriesWallDrop(e)) return;
        e.preventDefault();
        if (!over) setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
      onDoubleClick={() => wall.toggleFocus(index)}
      title={slot.feed && !focused ? t('wall.focusHint') : undefined}
    >
      <SlotHeader index={index} slot={slot} focused={focused} wall={wall} />
      {feed ? (
        <FeedTile key={feed.feedId} feed={feed} focused={focused} />
      ) : (
        <div className="slot-placeholder">
          {slot.feed ? (
            <>
              <b>{slot.feed.teamName ?? t('wall.noTeam')}</b>
              <span>
                {slot.feed.officer} · {slot.feed.courtName}
              </span>
              <span className="slot-offline">{t('wall.slotOffline')}</span>
            </>
          ) : (
            <>
              <span>{t('wall.slotEmpty')}</span>
              <small>{tEn('wall.slotEmpty')}</small>
            </>
          )}
        </div>
      )}
    </div>
  );
});
