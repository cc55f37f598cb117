// A node:test reporter that prints one closing line, 'N passed, N failed, N skipped', counting
// tests (not suites). Used beside the spec reporter by scripts/run-tests.mjs.
export default async function* summaryReporter(source) {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  const failures = [];
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const { data } = event;
    if (data.details?.type === 'suite') {
      // A suite fails on its own only when a hook (before/after) failed: count that as a failure.
      if (event.type === 'test:fail' && data.details?.error?.failureType === 'hookFailed') {
        failed++;
        failures.push(`${data.name} (hook)`);
      }
      continue;
    }
    if (data.skip !== undefined || data.todo !== undefined) skipped++;
    else if (event.type === 'test:pass') passed++;
    else {
      failed++;
      failures.push(`${data.file ? `${data.file.split('/').slice(-2).join('/')}: ` : ''}${data.name}`);
    }
  }
  if (failures.length) yield `\nfailed tests:\n${failures.map((f) => `  ✖ ${f}`).join('\n')}\n`;
  yield `\n${passed} passed, ${failed} failed, ${skipped} skipped\n`;
}
