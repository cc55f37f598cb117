import type { ReactNode } from 'react';
import { t, type PlainKey } from '../../lib/i18n.ts';
import { PanelTitle } from '../../lib/PanelTitle.tsx';
import type { Loadable } from './DispatchModel.ts';

/** A panel's words for its list's states; a state without one shows nothing (a list read at once needs no loading line). */
export interface ListWords {
  loading?: PlainKey;
  forbidden?: PlainKey;
  empty: PlainKey;
}

interface ListPanelProps {
  /** Prefix of the heading's id. */
  id: string;
  title: PlainKey;
  count: number;
  /** data-testid of the panel and of its count. */
  testId: string;
  countTestId: string;
  state: Loadable;
  /** Whether the list is empty: said only once it has loaded. */
  empty: boolean;
  words: ListWords;
  children: ReactNode;
}

function note(state: Loadable, empty: boolean, words: ListWords): ReactNode {
  if (state.kind === 'error') return <p className="empty tile-error">{state.message}</p>;
  const key = state.kind === 'ready' ? (empty ? words.empty : undefined) : words[state.kind];
  return key ? <p className="empty">{t(key)}</p> : null;
}

/** A dispatch list panel: its title and count, then loading, not allowed, the error or empty, then the rows. */
export function ListPanel({ id, title, count, testId, countTestId, state, empty, words, children }: ListPanelProps) {
  return (
    <section className="panel" aria-labelledby={`${id}-title`} data-testid={testId}>
      <PanelTitle id={`${id}-title`} title={title} count={count} testId={countTestId} />
      {note(state, empty, words)}
      {children}
    </section>
  );
}
