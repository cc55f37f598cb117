import { t, type PlainKey } from '../../lib/i18n.ts';
import { useStore } from '../../lib/useStore.ts';
import type { CentreView, Layout } from './Layout.ts';

const VIEWS: readonly [CentreView, PlainKey][] = [
  ['map', 'layout.map'],
  ['wall', 'layout.wall'],
  ['both', 'layout.both'],
];

/** 地图 / 视频墙 / 并排: what the console's centre shows (kept on the machine). */
export function CentreSwitch({ layout }: { layout: Layout }) {
  const centre = useStore(layout.centre);
  return (
    <div className="centre-switch" role="radiogroup" aria-label={t('layout.centre')}>
      {VIEWS.map(([view, label]) => (
        <button key={view} type="button" role="radio" aria-checked={centre === view} className={centre === view ? 'active' : ''} data-testid={`centre-${view}`} onClick={() => layout.setCentre(view)}>
          {t(label)}
        </button>
      ))}
    </div>
  );
}
