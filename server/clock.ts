/** Today's date in Asia/Shanghai ('YYYY-MM-DD'): deadlines are counted in China's calendar days. */
export function todayInShanghai(now: Date = new Date()): string {
  // UTC+8 all year (no daylight saving since 1991).
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}
