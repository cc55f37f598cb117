import type { FeedInfo } from '../../../../protocol/media.ts';

/** A video feed as the server lists it (tests): terminal `n` of `team`, in `court`. Frozen. */
export function fakeFeed(n: number, o: { team?: string | null; court?: string; courtName?: string; officer?: string; feedId?: string; kind?: 'audio' | 'video'; startedAt?: string } = {}): FeedInfo {
  const team = o.team === undefined ? `team-${n}` : o.team;
  return Object.freeze({
    feedId: o.feedId ?? `feed-${n}`,
    terminalId: `terminal-${n}`,
    label: `终端${n}`,
    kind: o.kind ?? 'video',
    startedAt: o.startedAt ?? '2026-01-01T08:00:00.000Z',
    roomId: `court:${o.court ?? 'xihu'}`,
    courtId: o.court ?? 'xihu',
    courtName: o.courtName ?? '西湖区法院',
    officer: o.officer ?? `干警${String(n).padStart(2, '0')}`,
    userId: `user-${n}`,
    teamId: team,
    teamName: team === null ? null : `执行${n}组`,
    actionId: null,
    caseNumber: null,
  });
}
