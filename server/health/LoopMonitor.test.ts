import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { onTestFinished, test } from 'vitest';
import { LoopMonitor } from './LoopMonitor.ts';

test('loopMonitor.lag() reports a loop blocked for 80 ms in the last complete window, less the sampling interval', async () => {
  const monitor = new LoopMonitor({ windowSeconds: 0.5, resolutionMs: 10 });
  onTestFinished(() => monitor.close());
  await delay(20);
  const until = performance.now() + 80;
  while (performance.now() < until) {
    // Busy on purpose: the lag under test.
  }
  await delay(550);
  const lag = monitor.lag();
  assert.equal(lag.windowSeconds, 0.5);
  assert.ok(lag.maxMs >= 60 && lag.maxMs < 1_000, `max ${lag.maxMs} ms`);
  assert.ok(lag.p99Ms <= lag.maxMs);
});

test('loopMonitor.close() stops sampling; a second call does nothing', () => {
  const monitor = new LoopMonitor();
  monitor.close();
  monitor.close();
  assert.deepEqual(monitor.lag(), { p99Ms: 0, maxMs: 0, windowSeconds: 10 });
});
