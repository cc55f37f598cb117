/**
 * A test or suite title that names why it is skipped: vitest's `skipIf(cond)` takes no reason, so
 * `describe.skipIf(reason)(skipTitle(title, reason), …)` keeps node:test's `{ skip: reason }` in the report.
 */
export function skipTitle(title: string, reason: string | false | null | undefined): string {
  return reason ? `${title} (skipped: ${reason})` : title;
}
