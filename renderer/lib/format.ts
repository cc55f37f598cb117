import type { Role } from '../../protocol/domain.ts';
import { t } from './i18n.ts';

// How numbers, times and lists are written on screen: zh-CN, in Beijing time.

/** Names in a list, joined with the enumeration comma as Chinese writes them. */
export function formatList(items: readonly string[]): string {
  return items.join('、');
}

/** People with their role, as the action lists show who is watching: name (role), name (role). */
export function formatPeople(people: readonly { name: string; role: Role }[]): string {
  return formatList(people.map((p) => t('person.withRole', { name: p.name, role: t(`role.${p.role}`) })));
}

/** Clauses (risk reasons) joined with the full-width semicolon. */
export function formatClauses(items: readonly string[]): string {
  return items.join('；');
}

/** A count with the thousands grouped, e.g. 「50,000」. */
export function formatCount(n: number): string {
  return n.toLocaleString('zh-CN');
}

/** Times are shown in Asia/Shanghai whatever the machine's zone. */
export function formatTime(iso: string): string {
  return new Date(iso).toLocaleTimeString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
}

/** A day and minute in Beijing time: month and day with their Chinese signs, then "14:00". */
export function formatDateTime(iso: string): string {
  return new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false, month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

/** Date and time in Beijing time, to the second (the wall clock). */
export function formatClock(epochMs: number): string {
  return new Date(epochMs).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
}

/** How long ago `ms` (epoch) was, from `now`: time.secondsAgo and up ("12 s ago"). */
export function formatAge(ms: number, now: number): string {
  const s = Math.max(0, Math.round((now - ms) / 1000));
  if (s < 60) return t('time.secondsAgo', { n: s });
  const m = Math.floor(s / 60);
  if (m < 60) return t('time.minutesAgo', { n: m });
  const h = Math.floor(m / 60);
  if (h < 24) return t('time.hoursAgo', { n: h });
  return t('time.daysAgo', { n: Math.floor(h / 24) });
}

/** The time between two ISO times: time.afterSeconds and up ("+12 s", "+3 min 5 s"); '' when either is missing. */
export function formatDelta(fromIso: string | null, toIso: string | null): string {
  if (!fromIso || !toIso) return '';
  const s = Math.max(0, Math.round((Date.parse(toIso) - Date.parse(fromIso)) / 1000));
  if (s < 60) return t('time.afterSeconds', { s });
  const m = Math.floor(s / 60);
  if (m < 60) return t('time.afterMinutes', { m, s: s % 60 });
  return t('time.afterHours', { h: Math.floor(m / 60), m: m % 60 });
}

/** The wall-clock time of `epochMs` in Beijing time, HH:MM:SS (最后画面 on a stalled tile). */
export function formatHms(epochMs: number): string {
  return new Date(epochMs).toLocaleTimeString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false, hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** A running length, M:SS or H:MM:SS (how long a feed has been live). */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  const mm = String(Math.floor((s % 3600) / 60)).padStart(h > 0 ? 2 : 1, '0');
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}
