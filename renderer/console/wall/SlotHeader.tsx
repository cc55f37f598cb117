import { t } from '../../lib/i18n.ts';
import type { Slot } from './wallLayout.ts';
import type { WallModel } from './WallModel.ts';

/**
 * A slot's bar above its tile: the slot number and, for a slot that holds a feed, pin / remove /
 * back-to-grid. Who the feed is (team, officer, court, action) is on the tile itself.
 */
export function SlotHeader({ index, slot, focused, wall }: { index: number; slot: Slot; focused: boolean; wall: WallModel }) {
  return (
    <div className="slot-header" onDoubleClick={(e) => e.stopPropagation()}>
      <span className="slot-number">{index + 1}</span>
      {slot.pinned && <span className="slot-pinned">{t('wall.pinned')}</span>}
      {slot.feed && (
        <span className="slot-buttons">
          {focused ? (
            <button type="button" data-testid="wall-focus-back" onClick={() => wall.unfocus()}>
              {t('wall.focusBack')}
            </button>
          ) : (
            <button type="button" data-testid="slot-focus" title={t('wall.focusHint')} onClick={() => wall.toggleFocus(index)}>
              {t('wall.focus')}
            </button>
          )}
          <button
            type="button"
            className={slot.pinned ? 'active' : ''}
            aria-pressed={slot.pinned}
            data-testid="slot-pin"
            onClick={() => wall.togglePin(index)}
          >
            {slot.pinned ? t('wall.unpin') : t('wall.pin')}
          </button>
          <button type="button" data-testid="slot-remove" title={t('wall.remove')} aria-label={t('wall.remove')} onClick={() => wall.clear(index)}>
            ×
          </button>
        </span>
      )}
    </div>
  );
}
