import { formatTime } from '../../lib/format.ts';
import { t } from '../../lib/i18n.ts';
import { PanelTitle } from '../../lib/PanelTitle.tsx';
import { useStore } from '../../lib/useStore.ts';
import { useConsoleModel } from '../ModelContext.ts';
import { inScope } from '../courts/courtTree.ts';
import { useSubtree } from '../courts/useSubtree.ts';

/** Field terminals online now; they appear and disappear as they connect. */
export function TerminalList() {
  // The panel shows every terminal: the list is its slice.
  const all = useStore(useConsoleModel().terminals);
  const subtree = useSubtree();
  const terminals = subtree ? all.filter((term) => inScope(subtree, term.courtId)) : all;
  return (
    <section className="panel" aria-labelledby="terminals-title">
      <PanelTitle id="terminals-title" title="terminals.title" count={terminals.length} testId="terminal-count" />
      {terminals.length === 0 ? (
        <p className="empty">{t('terminals.empty')}</p>
      ) : (
        <ul className="terminal-list" data-testid="terminal-list">
          {terminals.map((term) => (
            <li key={term.terminalId} data-terminal-id={term.terminalId}>
              <span className="dot online" aria-hidden="true" />
              <span className="name">{term.label}</span>
              <span className="since">
                {t('terminals.since')} {formatTime(term.connectedAt)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
