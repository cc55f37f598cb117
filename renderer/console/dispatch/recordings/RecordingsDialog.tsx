import { useEffect } from 'react';
import { formatTime } from '../../../lib/format.ts';
import { t } from '../../../lib/i18n.ts';
import { useStore } from '../../../lib/useStore.ts';
import { RecordingPlayer } from './RecordingPlayer.tsx';
import { RecordingRow } from './RecordingRow.tsx';
import type { RecordingsModel } from './RecordingsModel.ts';
import './recordings.css';

/** 执行过程记录 of one action: its segments (team, officer, span, size, hash, state), a player, gaps. Esc closes it. */
export function RecordingsDialog({ model }: { model: RecordingsModel }) {
  const target = useStore(model.target);
  const state = useStore(model.state);
  const answer = useStore(model.answer);
  const playing = useStore(model.playing);
  useEffect(() => {
    if (!target) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') model.close();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [model, target]);
  if (!target) return null;
  const recordings = answer?.recordings ?? [];
  const gaps = answer?.gaps ?? [];
  const current = recordings.find((r) => r.id === playing) ?? null;
  return (
    <div className="recordings-backdrop">
      <section className="recordings-dialog panel" role="dialog" aria-modal="true" aria-labelledby="recordings-title" data-testid="recordings-dialog">
        <header className="recordings-head">
          <h2 id="recordings-title">{t('recordings.title', { caseNumber: target.caseNumber })}</h2>
          <span className="muted small">{t('recordings.audited')}</span>
          <button type="button" onClick={() => void model.load()}>
            {t('recordings.refresh')}
          </button>
          <button type="button" data-testid="recordings-close" onClick={() => model.close()}>
            {t('recordings.close')}
          </button>
        </header>
        {state.kind === 'loading' && !answer && <p className="empty">{t('recordings.loading')}</p>}
        {state.kind === 'error' && (
          <p className="empty tile-error" role="alert">
            {state.message}
          </p>
        )}
        {state.kind === 'ready' && recordings.length === 0 && <p className="empty">{t('recordings.empty')}</p>}
        {recordings.length > 0 && (
          <div className="recordings-body">
            <div className="recordings-table-wrap">
              <table className="recordings-table" data-testid="recordings-table">
                <thead>
                  <tr>
                    <th>{t('recordings.team')}</th>
                    <th>{t('recordings.officer')}</th>
                    <th>{t('recordings.span')}</th>
                    <th>{t('recordings.size')}</th>
                    <th>{t('recordings.hash')}</th>
                    <th>{t('recordings.stateLabel')}</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {recordings.map((r) => (
                    <RecordingRow key={r.id} model={model} recording={r} />
                  ))}
                </tbody>
              </table>
              {gaps.length > 0 && (
                <details className="recording-gaps" data-testid="recording-gaps">
                  <summary>{t('recordings.gaps', { n: gaps.length })}</summary>
                  <ul>
                    {gaps.map((g) => (
                      <li key={g.id}>{t('recordings.gap', { from: formatTime(g.from), to: formatTime(g.to), who: recordings.find((r) => r.terminalId === g.terminalId)?.officer ?? g.terminalId })}</li>
                    ))}
                  </ul>
                </details>
              )}
            </div>
            <div aria-label={t('recordings.player')}>
              <RecordingPlayer recording={current} />
            </div>
          </div>
        )}
      </section>
    </div>
  );
}
