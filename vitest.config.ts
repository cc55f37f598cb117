import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = path.dirname(fileURLToPath(import.meta.url));
const FOLDERS = ['config', 'protocol', 'server', 'renderer', 'electron'];

// Unit tests beside their code, tests/integration (real servers), tests/e2e (Chromium) and
// tests/electron; scripts/run-tests.mjs runs them inside a loopback-only network namespace.
export default defineConfig({
  root,
  test: {
    environment: 'node',
    // node:sqlite is still experimental on Node 22; its warning would repeat in every test process.
    execArgv: ['--disable-warning=ExperimentalWarning'],
    include: [...FOLDERS, 'tests'].map((folder) => `${folder}/**/*.test.ts`),
    exclude: ['**/node_modules/**', '**/dist/**', '**/.cache/**', 'tests/bench/**'],
    // One file at a time: integration and browser tests each start a server, mediasoup workers and
    // Chromium, and two cores cannot hold two of those without timing out (as node:test ran them).
    fileParallelism: false,
    // Browser and restart tests take minutes on a loaded machine; a hung one still ends the run.
    testTimeout: 180_000,
    hookTimeout: 180_000,
    // node:test's order: after hooks, afterEach hooks and per-test cleanups run as registered.
    sequence: { hooks: 'list' },
    reporters: ['verbose', './tests/support/SummaryReporter.ts'],
    coverage: {
      provider: 'v8',
      include: FOLDERS.map((folder) => `${folder}/**/*.{ts,tsx}`),
      exclude: ['**/*.test.ts', '**/testing/**'],
      // SummaryReporter prints the table per folder; the file is for tools.
      reporter: [['json-summary', {}]],
      reportsDirectory: '.cache/coverage',
    },
  },
});
