import { useEffect, useState } from 'react';
import { t } from '../../lib/i18n.ts';

/** Beijing time, once a second: wall screens show the time all day. */
export function Clock() {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const id = setInterval(() => setNow(new Date()), 1000);
    return () => clearInterval(id);
  }, []);
  return (
    <span className="clock" aria-label={t('clock.label')}>
      {now.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false })}
    </span>
  );
}
