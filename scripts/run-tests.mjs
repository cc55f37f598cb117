#!/usr/bin/env node
// Runs every test: the type check, then unit, integration and browser tests with vitest
// (vitest.config.ts). Tests use loopback only; where possible they run inside a network namespace
// that has nothing but loopback (`unshare -n`, as root; `unshare -rn` otherwise), so no packet can
// leave the machine. A full run measures coverage; tests/support/SummaryReporter.ts prints it per
// folder, then the counts last: 'N passed, N failed, N skipped'.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const NODE = path.join(ROOT, 'node_modules', '.bin', 'node');

// Narrow to some files, or pass vitest flags: `npm run test:run -- tests/e2e/media.test.ts`.
// Coverage only for a full run: a few files cover too little to read per folder.
const args = process.argv.slice(2);
const coverage = args.length === 0 ? ['--coverage'] : [];

console.log('类型检查 / type check (tsc)…');
const tsc = spawnSync(NODE, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json', '--noEmit'], {
  cwd: ROOT,
  stdio: 'inherit',
});
if (tsc.status !== 0) {
  console.log('\n0 passed, 1 failed, 0 skipped (type check failed; tests not run)');
  process.exit(1);
}
console.log('  ✓ 类型检查通过 / type check passed\n');

console.log('代码检查 / lint (eslint)…');
const lint = spawnSync(NODE, [path.join(ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js'), '--max-warnings', '0', '.'], { cwd: ROOT, stdio: 'inherit' });
if (lint.status !== 0) {
  console.log('\n0 passed, 1 failed, 0 skipped (lint failed; tests not run)');
  process.exit(1);
}
console.log('  ✓ 代码检查通过 / lint passed\n');

const testArgs = ['--disable-warning=ExperimentalWarning', path.join(ROOT, 'node_modules', 'vitest', 'vitest.mjs'), 'run', ...coverage, ...args];
const quoted = [NODE, ...testArgs].map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' ');
const inNamespace = `ip link set lo up && exec ${quoted}`;

function canUnshare(flags) {
  return spawnSync('unshare', [...flags, 'sh', '-c', 'ip link set lo up'], { stdio: 'ignore' }).status === 0;
}

let result;
const isRoot = process.getuid?.() === 0;
if (isRoot && canUnshare(['-n'])) {
  console.log('在仅含回环接口的网络命名空间中运行 / running inside a loopback-only network namespace (unshare -n)\n');
  result = spawnSync('unshare', ['-n', 'sh', '-c', inNamespace], { cwd: ROOT, stdio: 'inherit' });
} else if (canUnshare(['-rn'])) {
  console.log('在仅含回环接口的网络命名空间中运行 / running inside a loopback-only network namespace (unshare -rn)\n');
  result = spawnSync('unshare', ['-rn', 'sh', '-c', inNamespace], { cwd: ROOT, stdio: 'inherit' });
} else {
  console.log('! 无法创建网络命名空间，测试仅使用 127.0.0.1 / cannot create a network namespace; tests still use 127.0.0.1 only\n');
  result = spawnSync(NODE, testArgs, { cwd: ROOT, stdio: 'inherit' });
}
process.exit(result.status ?? 1);
