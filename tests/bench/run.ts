// `npm run bench -- NAME [flags]`: runs one named benchmark, which prints one JSON line
// {"bench":NAME,...}. Benchmarks print figures; they never pass or fail.
import { parseArgs } from 'node:util';

const BENCHES: Record<string, () => Promise<{ run: (flags: Record<string, string | undefined>) => Promise<void> }>> = {
  cases: () => import('./cases.ts'),
  dispatch: () => import('./dispatch.ts'),
  track: () => import('./track.ts'),
  map: () => import('./map.ts'),
  recording: () => import('./recording.ts'),
  media: () => import('./media.ts'),
  wall: () => import('./wall.ts'),
};

const [name, ...rest] = process.argv.slice(2);
if (!name || !(name in BENCHES)) {
  console.error(`用法 / usage: npm run bench -- <${Object.keys(BENCHES).join('|')}> [--flag value]`);
  process.exit(2);
}
// Every flag takes a value (`--clients 16`); unknown flags are an error naming them.
const { values } = parseArgs({
  args: rest,
  options: Object.fromEntries(['clients', 'seconds', 'cases', 'seed', 'page-size', 'terminals', 'consoles', 'procs', 'teams', 'requests', 'units', 'feeds', 'warmup', 'consumers', 'tiles'].map((f) => [f, { type: 'string' as const }])),
});
const flags = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v === undefined || typeof v === 'boolean' ? undefined : String(v)]));
const loader = BENCHES[name];
if (!loader) process.exit(2);
await (await loader()).run(flags);
