// Bundles the Electron main process and preload with esbuild: node scripts/build-electron.mjs [--outdir=DIR]
// Plain JS (Node 20 or 22, no type stripping needed). Both bundles are CommonJS with 'electron' left
// external: a sandboxed preload can only require('electron'), so it must be a single file; main is
// bundled too so the packaged app ships dist/electron/** and no node_modules.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';

/** The repository root. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Where package.json "main" expects the bundles. */
export const DEFAULT_OUT_DIR = path.join(ROOT, 'dist', 'electron');

/**
 * Bundles electron/main.ts → <outDir>/main.cjs and electron/preload.ts → <outDir>/preload.cjs.
 * @param {{ outDir?: string, minify?: boolean }} [options]
 * @returns {Promise<{ main: string, preload: string }>} absolute paths of the two bundles
 */
export async function buildElectron({ outDir = DEFAULT_OUT_DIR, minify = false } = {}) {
  const main = path.join(outDir, 'main.cjs');
  const preload = path.join(outDir, 'preload.cjs');
  /** @type {import('esbuild').BuildOptions} */
  const common = {
    absWorkingDir: ROOT,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    // Electron 45 runs Node 22+ in main and Chromium in the preload; node22 syntax suits both.
    target: 'node22',
    external: ['electron'],
    sourcemap: 'linked',
    minify,
    logLevel: 'warning',
  };
  await Promise.all([
    esbuild.build({ ...common, entryPoints: [path.join(ROOT, 'electron', 'main.ts')], outfile: main }),
    esbuild.build({ ...common, entryPoints: [path.join(ROOT, 'electron', 'preload.ts')], outfile: preload }),
  ]);
  return { main, preload };
}

function parseArgs(argv) {
  const options = {};
  for (const arg of argv) {
    if (arg.startsWith('--outdir=')) options.outDir = path.resolve(arg.slice('--outdir='.length));
    else if (arg === '--minify') options.minify = true;
    else throw new Error(`build-electron: unknown argument ${JSON.stringify(arg)} (expected --outdir=DIR, --minify)`);
  }
  return options;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  try {
    const { main, preload } = await buildElectron(parseArgs(process.argv.slice(2)));
    console.log(`built ${path.relative(process.cwd(), main)} and ${path.relative(process.cwd(), preload)}`);
  } catch (err) {
    // esbuild has already printed its located errors; this names the step that failed.
    console.error(`build-electron failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  }
}
