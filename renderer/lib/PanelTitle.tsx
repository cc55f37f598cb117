import { t, tEn, type PlainKey } from './i18n.ts';

/** A panel heading: the Chinese title, a count badge, and the English title small beside it. */
export function PanelTitle({ id, title, count, testId }: { id: string; title: PlainKey; count: number; testId: string }) {
  return (
    <h2 id={id}>
      {t(title)}{' '}
      <span className="count" data-testid={testId}>
        {count}
      </span>
      <small>{tEn(title)}</small>
    </h2>
  );
}
