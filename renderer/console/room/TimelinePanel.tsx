import { memo, useMemo } from 'react';
import { MAX_TIMELINE_ENTRIES, type TimelineEntry } from '../../../protocol/timeline.ts';
import { formatDateTime, formatTime } from '../../lib/format.ts';
import { t, tEn } from '../../lib/i18n.ts';
import { useStore } from '../../lib/useStore.ts';
import { filterEntries, TIMELINE_FILTERS } from './TimelineModel.ts';
import { useTimelineModel } from './useTimelineModel.ts';
import './roomPanels.css';

/**
 * One timeline of everything that happened on the action (作战室), newest first: read from the
 * server, entries added live (arrivals, feeds, watchers, plan versions) and read again when the
 * action, its instructions or its teams' warnings change. Filters narrow it to one sort of entry.
 */
export function TimelinePanel({ actionId }: { actionId: string }) {
  const timeline = useTimelineModel(actionId);
  const state = useStore(timeline.state);
  const entries = useStore(timeline.entries);
  const filter = useStore(timeline.filter);
  const truncated = useStore(timeline.truncated);
  const shown = useMemo(() => [...filterEntries(entries, filter)].reverse(), [entries, filter]);
  return (
    <section className="panel room-timeline" aria-labelledby="room-timeline-title" data-testid="room-timeline">
      <h2 id="room-timeline-title">
        {t('timeline.title')} <span className="count" data-testid="timeline-count">{entries.length}</span>
        <small>{tEn('timeline.title')}</small>
      </h2>
      <div className="timeline-filters" role="group" aria-label={t('timeline.title')}>
        {TIMELINE_FILTERS.map((f) => (
          <button key={f} type="button" aria-pressed={f === filter} data-testid={`timeline-filter-${f}`} onClick={() => timeline.setFilter(f)}>
            {t(`timeline.filter.${f}`)}
          </button>
        ))}
      </div>
      {state.kind === 'error' && <p className="empty">{state.message}</p>}
      {state.kind === 'loading' && entries.length === 0 && <p className="empty">{t('timeline.loading')}</p>}
      {state.kind === 'ready' && shown.length === 0 && <p className="empty">{t('timeline.empty')}</p>}
      {truncated && <p className="muted">{t('timeline.truncated', { n: MAX_TIMELINE_ENTRIES })}</p>}
      <TimelineEntries entries={shown} />
    </section>
  );
}

/** The Beijing day of a time ("2026/6/1"). */
function dayOf(iso: string): string {
  return new Date(iso).toLocaleDateString('zh-CN', { timeZone: 'Asia/Shanghai' });
}

/** Timeline entries in the order given, one row each; an entry of another day than the newest shows its date. */
export function TimelineEntries({ entries }: { entries: readonly TimelineEntry[] }) {
  const newest = entries.reduce<string | null>((max, e) => (max === null || e.at > max ? e.at : max), null);
  const today = newest === null ? '' : dayOf(newest);
  return (
    <ol className="timeline-list">
      {entries.map((e) => (
        <TimelineRow key={e.id} entry={e} withDate={dayOf(e.at) !== today} />
      ))}
    </ol>
  );
}

/** Entries whose text already names who did it (an officer's feed, a watcher): no actor beside it. */
const SELF_NAMED = new Set<TimelineEntry['kind']>(['feed_on', 'feed_off', 'watch_join', 'watch_leave']);

const TimelineRow = memo(function TimelineRow({ entry, withDate }: { entry: TimelineEntry; withDate: boolean }) {
  return (
    <li className={`timeline-entry kind-${entry.kind}`} data-kind={entry.kind} data-testid="timeline-entry">
      <time dateTime={entry.at} title={formatDateTime(entry.at)}>
        {withDate ? formatDateTime(entry.at) : formatTime(entry.at)}
      </time>
      <span className="timeline-text">{entry.text}</span>
      {entry.actor && !SELF_NAMED.has(entry.kind) && <span className="timeline-actor">{entry.actor.name}</span>}
    </li>
  );
});
