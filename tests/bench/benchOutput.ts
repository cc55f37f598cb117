// What every bench prints besides its JSON line: rounded figures, and progress on stderr.

/** `n` to `digits` decimals. */
export function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

/** Progress (and warnings) for one bench, to stderr, zh-CN first: stdout carries the one JSON line. */
export function progress(bench: string): (text: string) => void {
  return (text) => process.stderr.write(`bench ${bench}: ${text}\n`);
}
