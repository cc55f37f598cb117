import { useEffect } from 'react';
import { formatHms } from '../../lib/format.ts';
import { t, tEn } from '../../lib/i18n.ts';
import { useStore } from '../../lib/useStore.ts';
import type { ConsoleModel } from '../ConsoleModel.ts';

/** How long the banner stays: long enough to be read across the room. */
const SHOW_MS = 60_000;

/** What happened to the media plane, in one line under the header (a worker died and was replaced); gone after a minute or on a click. */
export function MediaNoticeBar({ model }: { model: ConsoleModel }) {
  const notice = useStore(model.mediaNotice);
  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => model.mediaNotice.set(null), SHOW_MS);
    return () => clearTimeout(timer);
  }, [model, notice]);
  if (!notice) return null;
  const values = { feeds: notice.feeds };
  return (
    <div className="media-notice" role="alert" data-testid="media-notice" data-kind={notice.kind}>
      <span>
        {formatHms(Date.parse(notice.at))} {t('media.workerDied', values)}
        <small>{tEn('media.workerDied', values)}</small>
      </span>
      <button type="button" onClick={() => model.mediaNotice.set(null)}>
        {t('media.dismiss')}
      </button>
    </div>
  );
}
