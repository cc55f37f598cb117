import { useEffect } from 'react';
import { useConsoleModel } from '../ModelContext.ts';
import { RISK_COLOURS } from '../../../protocol/domain.ts';
import { formatCount } from '../../lib/format.ts';
import { t } from '../../lib/i18n.ts';
import { PanelTitle } from '../../lib/PanelTitle.tsx';
import { useStore } from '../../lib/useStore.ts';
import { ColourBar } from './ColourBar.tsx';
import { overviewRows, type CourtOverviewModel } from './CourtOverviewModel.ts';

/** The courts in the caller's jurisdiction: its own court and those directly below it, with active, four-colour and overdue counts. */
export function CourtOverview({ model }: { model: CourtOverviewModel }) {
  // Every figure of the panel comes from the one answer the store holds.
  const state = useStore(model.state);
  const consoleModel = useConsoleModel();
  const focus = useStore(consoleModel.scope);
  useEffect(() => {
    model.start();
    return () => model.stop();
  }, [model]);

  if (state.kind === 'loading') return <section className="panel"><p className="empty">{t('courts.loading')}</p></section>;
  if (state.kind === 'error') return <section className="panel"><p className="empty tile-error">{state.message}</p></section>;
  const { root, children } = overviewRows(state.courts, focus);
  if (!root) return null;
  return (
    <section className="panel courts" aria-labelledby="courts-title" data-testid="court-overview">
      <PanelTitle id="courts-title" title="courts.title" count={state.courts.length} testId="court-count" />
      <div className="court-root">
        <div className="court-name">{root.name}</div>
        <div className="court-figures">
          <span>
            {t('courts.active')} <b data-testid="root-active">{formatCount(root.total.active)}</b>
          </span>
          {RISK_COLOURS.map((c) => (
            <span key={c} className={`chip chip-${c}`}>
              {t('courts.colour', { colour: t(`risk.${c}`), n: formatCount(root.total.byColour[c]) })}
            </span>
          ))}
          <span className="overdue">{t('courts.overdue', { n: formatCount(root.total.overdue) })}</span>
        </div>
        <ColourBar counts={root.total} />
      </div>
      <ul className="court-list">
        {children.map((c) => (
          <li key={c.id}>
            <button type="button" className="court-name court-drill" data-testid="court-drill" data-court-id={c.id} title={t('courts.drill')} onClick={() => consoleModel.map.drill(c.id)}>
              {c.shortName}
            </button>
            <span className="court-active">{formatCount(c.total.active)}</span>
            <span className="court-red">{c.total.byColour.red > 0 ? t('courts.colour', { colour: t('risk.red'), n: c.total.byColour.red }) : ''}</span>
            <span className="overdue">{c.total.overdue > 0 ? t('courts.overdue', { n: c.total.overdue }) : ''}</span>
            <ColourBar counts={c.total} />
          </li>
        ))}
      </ul>
    </section>
  );
}
