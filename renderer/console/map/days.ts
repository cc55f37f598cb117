// Days as the drawer counts them: the node deadline is a Beijing calendar day.

/** Calendar days from today (Asia/Shanghai) to `day` ('YYYY-MM-DD'); negative once it has passed. */
export function daysUntil(day: string, now: number): number {
  const today = new Date(now).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
  return Math.round((Date.parse(`${day}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}

/** The span [now − hours, now] as ISO times (a track request). */
export function lastHours(hours: number, now: number): [string, string] {
  return [new Date(now - hours * 3_600_000).toISOString(), new Date(now).toISOString()];
}
