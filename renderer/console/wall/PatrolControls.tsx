import { t } from '../../lib/i18n.ts';
import { useNow } from '../../lib/useNow.ts';
import { useStore } from '../../lib/useStore.ts';
import { useStoreSelector } from '../../lib/useStoreSelector.ts';
import { PATROL_INTERVALS } from './patrol.ts';
import type { PatrolState, WallModel } from './WallModel.ts';

/** 视频巡检: on/off, the interval, and where it stands (第 k/n 页, seconds to the next turn). */
export function PatrolControls({ wall }: { wall: WallModel }) {
  const settings = useStoreSelector(wall.state, (s) => s.patrol);
  const patrol = useStore(wall.patrol);
  const held = useStore(wall.focus) !== null;
  return (
    <span className="wall-patrol" role="group" aria-label={t('wall.patrol')}>
      <button
        type="button"
        className={settings.on ? 'active' : ''}
        aria-pressed={settings.on}
        data-testid="wall-patrol-toggle"
        onClick={() => wall.setPatrol(!settings.on)}
      >
        {t('wall.patrol')}
      </button>
      <select
        aria-label={t('wall.patrolInterval')}
        value={settings.intervalS}
        data-testid="wall-patrol-interval"
        onChange={(e) => {
          const s = PATROL_INTERVALS.find((n) => String(n) === e.target.value);
          if (s) wall.setPatrolInterval(s);
        }}
      >
        {PATROL_INTERVALS.map((n) => (
          <option key={n} value={n}>
            {t('wall.seconds', { n })}
          </option>
        ))}
      </select>
      {patrol && <PatrolProgress patrol={patrol} held={held} />}
    </span>
  );
}

/** 第 k/n 页 and the countdown; ticks once a second only while patrol runs. */
function PatrolProgress({ patrol, held }: { patrol: PatrolState; held: boolean }) {
  const now = useNow();
  if (patrol.pages === 0) return <span className="wall-patrol-progress" data-testid="wall-patrol-progress">{t('wall.patrolNoSlot')}</span>;
  const left = patrol.nextAt === null ? 0 : Math.max(0, Math.ceil((patrol.nextAt - now) / 1000));
  return (
    <span className="wall-patrol-progress" data-testid="wall-patrol-progress" data-page={patrol.page + 1} data-pages={patrol.pages}>
      {t('wall.patrolPage', { k: patrol.page + 1, n: patrol.pages })} · {held ? t('wall.patrolHeld') : t('wall.patrolNext', { s: left })}
    </span>
  );
}
