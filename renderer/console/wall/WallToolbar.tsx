import { t } from '../../lib/i18n.ts';
import { useStore } from '../../lib/useStore.ts';
import { useStoreSelector } from '../../lib/useStoreSelector.ts';
import { useConsoleModel } from '../ModelContext.ts';
import { PatrolControls } from './PatrolControls.tsx';
import { LAYOUT_SIZES } from './wallLayout.ts';
import type { WallModel, WallNotice } from './WallModel.ts';

/** The wall's toolbar: 1/4/9/16/25/36 宫格, patrol, and a passing notice. */
export function WallToolbar({ wall }: { wall: WallModel }) {
  const size = useStoreSelector(wall.state, (s) => s.size);
  const notice = useStore(wall.notice);
  return (
    <div className="wall-toolbar" role="toolbar" aria-label={t('wall.layout')}>
      <span className="wall-layouts" role="group" aria-label={t('wall.layout')}>
        {LAYOUT_SIZES.map((n) => (
          <button
            key={n}
            type="button"
            className={n === size ? 'active' : ''}
            aria-pressed={n === size}
            data-testid={`wall-layout-${n}`}
            title={t('wall.layoutN', { n })}
            onClick={() => wall.setSize(n)}
          >
            {t('wall.layoutN', { n })}
          </button>
        ))}
      </span>
      <PatrolControls wall={wall} />
      {notice && <Notice notice={notice} />}
    </div>
  );
}

function Notice({ notice }: { notice: WallNotice }) {
  const c = useConsoleModel();
  const teamId = notice.kind === 'teamNoFeed' ? notice.teamId : null;
  const team = useStoreSelector(c.dispatch.teams, (rows) => rows.find((r) => r.id === teamId)?.name ?? '');
  return (
    <span className="wall-notice" role="status" data-testid="wall-notice" data-kind={notice.kind}>
      {notice.kind === 'teamNoFeed' ? t('wall.teamNoFeed', { team }) : t('wall.allPinned')}
    </span>
  );
}
