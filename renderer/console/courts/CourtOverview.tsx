import { useEffect } from 'react';
import type { CaseCounts } from '../../../protocol/api.ts';
import { PanelTitle } from '../../lib/PanelTitle.tsx';
import { useStore } from '../../lib/store.ts';
import { overviewRows, type CourtOverviewModel } from './CourtOverviewModel.ts';

const COLOURS = [
  ['red', '红'],
  ['yellow', '黄'],
  ['blue', '蓝'],
  ['green', '绿'],
] as const;

/** A stacked bar of active cases by risk colour: the four-colour picture at a glance. */
function ColourBar({ counts }: { counts: CaseCounts }) {
  const total = Math.max(1, counts.active);
  return (
    <div className="colour-bar" aria-hidden="true">
      {COLOURS.map(([c]) => (
        <span key={c} className={`seg seg-${c}`} style={{ width: `${(100 * counts.byColour[c]) / total}%` }} />
      ))}
    </div>
  );
}

/** 辖区法院: the caller's court and those directly below it, with active, 红黄蓝绿 and overdue counts. */
export function CourtOverview({ model }: { model: CourtOverviewModel }) {
  const state = useStore(model.state);
  useEffect(() => {
    model.start();
    return () => model.stop();
  }, [model]);

  if (state.kind === 'loading') return <section className="panel"><p className="empty">正在加载辖区数据…</p></section>;
  if (state.kind === 'error') return <section className="panel"><p className="empty tile-error">{state.message}</p></section>;
  const { root, children } = overviewRows(state.courts);
  if (!root) return null;
  return (
    <section className="panel courts" aria-labelledby="courts-title" data-testid="court-overview">
      <PanelTitle id="courts-title" title="courts.title" count={state.courts.length} testId="court-count" />
      <div className="court-root">
        <div className="court-name">{root.name}</div>
        <div className="court-figures">
          <span>
            在办 <b data-testid="root-active">{root.total.active.toLocaleString('zh-CN')}</b>
          </span>
          {COLOURS.map(([c, zh]) => (
            <span key={c} className={`chip chip-${c}`}>
              {zh} {root.total.byColour[c].toLocaleString('zh-CN')}
            </span>
          ))}
          <span className="overdue">超期 {root.total.overdue.toLocaleString('zh-CN')}</span>
        </div>
        <ColourBar counts={root.total} />
      </div>
      <ul className="court-list">
        {children.map((c) => (
          <li key={c.id}>
            <span className="court-name">{c.shortName}</span>
            <span className="court-active">{c.total.active.toLocaleString('zh-CN')}</span>
            <span className="court-red">{c.total.byColour.red > 0 ? `红 ${c.total.byColour.red}` : ''}</span>
            <span className="overdue">{c.total.overdue > 0 ? `超期 ${c.total.overdue}` : ''}</span>
            <ColourBar counts={c.total} />
          </li>
        ))}
      </ul>
    </section>
  );
}
