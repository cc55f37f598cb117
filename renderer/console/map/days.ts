// Spans of time the map asks the server for.

/** The span [now − hours, now] as ISO times (a track request). */
export function lastHours(hours: number, now: number): [string, string] {
  return [new Date(now - hours * 3_600_000).toISOString(), new Date(now).toISOString()];
}
