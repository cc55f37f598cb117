import { formatClock } from '../../lib/format.ts';
import { t } from '../../lib/i18n.ts';
import { useNow } from '../../lib/useNow.ts';

/** Beijing time, once a second: wall screens show the time all day. */
export function Clock() {
  const now = useNow();
  return (
    <span className="clock" aria-label={t('clock.label')}>
      {formatClock(now)}
    </span>
  );
}
