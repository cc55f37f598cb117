// What a benchmark reads about processes and the machine from /proc (Linux only).
import { readFileSync } from 'node:fs';
import os from 'node:os';

/** CPU seconds (user + system) a process has used so far. */
export function cpuSeconds(pid: number): number {
  // /proc/<pid>/stat: fields after the command name; utime and stime are the 12th and 13th, in clock ticks (100 a second).
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** CPU seconds the whole machine has been busy (all cores), from /proc/stat. */
export function machineBusySeconds(): number {
  const [, ...ticks] = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/);
  // user nice system idle iowait irq softirq steal; guest time is already inside user and nice.
  const n = ticks.slice(0, 8).map(Number);
  const total = n.reduce((a, b) => a + b, 0);
  // idle and iowait are the 4th and 5th columns.
  return (total - (n[3] ?? 0) - (n[4] ?? 0)) / 100;
}

/** A process's resident set size, in KiB. */
export function rssKb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m?.[1]) throw new Error(`no VmRSS for ${pid}`);
  return Number(m[1]);
}

/** A process's soft limit on open files (/proc/<pid>/limits; on Linux never unlimited, fs.nr_open at most). */
export function nofileOf(pid: number): number {
  const m = /^Max open files\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/limits`, 'utf8'));
  if (!m?.[1]) throw new Error(`no open-file limit for ${pid}`);
  return Number(m[1]);
}

/** `read()`, or null where the process it reads has exited (its /proc/<pid> is gone). */
export function ifRunning<T>(read: () => T): T | null {
  try {
    return read();
  } catch {
    // The one expected failure: ENOENT under /proc once the process has gone; callers report null.
    return null;
  }
}

/** The machine's one-minute load average, to two decimals (every bench line carries it). */
export function loadAverage(): number {
  return Math.round((os.loadavg()[0] ?? 0) * 100) / 100;
}
