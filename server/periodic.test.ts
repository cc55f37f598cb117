import assert from 'node:assert/strict';
import { test } from 'vitest';
import { pino } from 'pino';
import { ManualClock } from './clock.ts';
import { PeriodicTask } from './periodic.ts';

const silent = pino({ level: 'silent' });

test('PeriodicTask runs on its clock, skips ticks while a run is in flight, and close() waits for it', async () => {
  const clock = new ManualClock();
  let runs = 0;
  let release: () => void = () => undefined;
  const task = new PeriodicTask({
    clock,
    everyMs: 1_000,
    logger: silent,
    what: 'test',
    run: () => {
      runs++;
      return new Promise<void>((r) => (release = r));
    },
  }).start();
  clock.advance(1_000);
  assert.equal(runs, 1);
  await Promise.resolve();
  clock.advance(3_000);
  assert.equal(runs, 1, 'ticks while a run is in flight are skipped, not queued');
  let closed = false;
  const closing = task.close().then(() => (closed = true));
  await new Promise((r) => setImmediate(r));
  assert.equal(closed, false, 'close() waits for the run in flight');
  release();
  await closing;
  assert.equal(clock.timers, 0, 'the timer is stopped');
  clock.advance(5_000);
  assert.equal(runs, 1);
});

test('PeriodicTask: a failed timer run is logged and the next one runs; runNow() rejects with its failure; finally runs once more on close', async () => {
  const clock = new ManualClock();
  const logged: unknown[] = [];
  const logger = { error: (o: unknown) => logged.push(o) } as unknown as typeof silent;
  let n = 0;
  const task = new PeriodicTask({ clock, everyMs: 10, logger, what: 'boom', finally: true, run: async () => {
    n++;
    if (n === 1) throw new Error('first fails');
  } }).start();
  clock.advance(10);
  await new Promise((r) => setImmediate(r));
  assert.equal(logged.length, 1);
  clock.advance(10);
  await new Promise((r) => setImmediate(r));
  assert.equal(n, 2);
  await task.close();
  assert.equal(n, 3, 'finally: one more run on close');
  const failing = new PeriodicTask({ clock, everyMs: 10, logger: silent, what: 'x', run: async () => Promise.reject(new Error('no')) });
  await assert.rejects(failing.runNow(), /no/);
});
