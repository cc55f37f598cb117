// Open-file limits for the benchmarks' processes. Every connection holds a descriptor at both ends,
// so the server under test and the terminal processes need as many as they have sockets. Node has
// no setrlimit: a child's limit is set by the shell that then execs it (same pid, same stdio and IPC).
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

const RAISE = [
  'want=$1; shift',
  'hard=$(ulimit -Hn)',
  // Raising the hard limit needs CAP_SYS_RESOURCE; where it is refused the hard limit stays as it is.
  '[ "$hard" = unlimited ] || [ "$hard" -ge "$want" ] || ulimit -Hn "$want" 2>/dev/null || :',
  'ulimit -Sn "$(ulimit -Hn)"',
  'exec "$@"',
].join('\n');

/**
 * Spawns `command args` with its soft open-file limit raised to the hard limit, and the hard limit
 * first raised to `want` where the kernel allows it. Read what it got with procStats `nofileOf(pid)`.
 */
export function spawnWithNofile(want: number, command: string, args: readonly string[], options: SpawnOptions): ChildProcess {
  return spawn('/bin/sh', ['-c', RAISE, 'sh', String(Math.ceil(want)), command, ...args], options);
}
