// The closing lines of a vitest run (beside the verbose reporter): the failed tests by name, coverage
// per folder when coverage ran, and last 'N passed, N failed, N skipped', counting tests, not suites.
import type { SerializedError } from 'vitest';
import type { TestModule, Vitest } from 'vitest/node';
import type { Reporter } from 'vitest/reporters';

interface Totals {
  total: number;
  covered: number;
}

/** The part of istanbul's CoverageMap (what vitest hands onCoverage) that the table reads. */
interface CoverageMap {
  files(): string[];
  fileCoverageFor(file: string): { toSummary(): { lines: Totals; branches: Totals } };
}

function isCoverageMap(value: unknown): value is CoverageMap {
  const map = value as Partial<CoverageMap> | null;
  return typeof map?.files === 'function' && typeof map.fileCoverageFor === 'function';
}

/** config, protocol, renderer, electron as a whole; server as a whole and per feature folder. */
function foldersOf(relativeFile: string): string[] {
  const [top = '', second, third] = relativeFile.split('/');
  if (top !== 'server') return [top];
  return [top, third === undefined ? 'server/*.ts' : `server/${second}`];
}

const percent = ({ total, covered }: Totals) => (total === 0 ? '—' : `${((100 * covered) / total).toFixed(1)}%`);
const cell = (t: Totals) => `${percent(t).padStart(6)} ${`${t.covered}/${t.total}`.padEnd(11)}`;

export default class SummaryReporter implements Reporter {
  #root = process.cwd();
  #coverage: CoverageMap | undefined;

  onInit(vitest: Vitest): void {
    this.#root = vitest.config.root;
  }

  onCoverage(coverage: unknown): void {
    if (isCoverageMap(coverage)) this.#coverage = coverage;
  }

  onTestRunEnd(modules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>): void {
    let passed = 0;
    let skipped = 0;
    const failures: string[] = [];
    for (const module of modules) {
      const file = module.relativeModuleId;
      for (const test of module.children.allTests()) {
        const { state } = test.result();
        if (state === 'passed') passed++;
        else if (state === 'failed') failures.push(`${file}: ${test.fullName}`);
        else skipped++; // skipped, todo, or never run (its suite's beforeAll failed: counted below)
      }
      // Errors outside any test: the file did not load, or a beforeAll/afterAll hook threw.
      if (module.errors().length) failures.push(`${file} (load or hook error)`);
      for (const suite of module.children.allSuites()) {
        if (suite.errors().length) failures.push(`${file}: ${suite.fullName} (hook error)`);
      }
    }
    for (const error of unhandledErrors) failures.push(`unhandled error: ${error.message}`);

    const out: string[] = [];
    if (failures.length) out.push('', 'failed tests:', ...failures.map((f) => `  ✖ ${f}`));
    if (this.#coverage) out.push('', ...this.#coverageTable(this.#coverage));
    out.push('', `${passed} passed, ${failures.length} failed, ${skipped} skipped`);
    process.stdout.write(`${out.join('\n')}\n`);
  }

  #coverageTable(coverage: CoverageMap): string[] {
    const rows = new Map<string, { lines: Totals; branches: Totals }>();
    const add = (into: Totals, from: Totals) => {
      into.total += from.total;
      into.covered += from.covered;
    };
    for (const file of coverage.files()) {
      const relative = file.startsWith(`${this.#root}/`) ? file.slice(this.#root.length + 1) : file;
      const summary = coverage.fileCoverageFor(file).toSummary();
      for (const folder of [...foldersOf(relative), 'all']) {
        const row = rows.get(folder) ?? { lines: { total: 0, covered: 0 }, branches: { total: 0, covered: 0 } };
        add(row.lines, summary.lines);
        add(row.branches, summary.branches);
        rows.set(folder, row);
      }
    }
    const order = ['config', 'protocol', 'server', 'renderer', 'electron'];
    const rank = (folder: string) => {
      const i = order.indexOf(folder.split('/')[0] ?? '');
      return i === -1 ? order.length : i;
    };
    const folders = [...rows.keys()].filter((f) => f !== 'all').sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
    const line = (name: string, row: { lines: Totals; branches: Totals }) => `  ${name.padEnd(22)} ${cell(row.lines)}  ${cell(row.branches)}`;
    return [
      '覆盖率 / coverage (lines, branches; unit, integration and server-side e2e code run in the test processes)',
      `  ${'folder'.padEnd(22)} ${'lines'.padEnd(18)}  branches`,
      ...folders.map((f) => line(f.includes('/') ? `  ${f}` : f, rows.get(f)!)),
      line('all', rows.get('all')!),
    ];
  }
}
