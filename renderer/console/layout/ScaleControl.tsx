import { useEffect } from 'react';
import { t } from '../../lib/i18n.ts';
import { useStore } from '../../lib/useStore.ts';
import type { Layout } from './Layout.ts';

/** The page's UI scale: every size in rem follows the root font size. A− and A+ step it; it is kept per page on the machine. */
export function ScaleControl({ layout }: { layout: Layout }) {
  const scale = useStore(layout.scale);
  useEffect(() => {
    // CSSOM, not a style attribute: the page's CSP (style-src 'self') does not govern it.
    document.documentElement.style.fontSize = `${16 * scale}px`;
  }, [scale]);
  return (
    <div className="scale-control" role="group" aria-label={t('scale.label')}>
      <button type="button" aria-label={t('scale.smaller')} data-testid="scale-down" onClick={() => layout.setScale(scale - 0.1)}>
        A−
      </button>
      <span className="muted small" data-testid="ui-scale">
        {Math.round(scale * 100)}%
      </span>
      <button type="button" aria-label={t('scale.larger')} data-testid="scale-up" onClick={() => layout.setScale(scale + 0.1)}>
        A+
      </button>
    </div>
  );
}
