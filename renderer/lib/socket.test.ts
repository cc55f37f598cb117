import assert from 'node:assert/strict';
import { test } from 'vitest';
import { serverDisconnectDelayMs } from './socket.ts';

test('serverDisconnectDelayMs() retries about half a second after the first server disconnect (a restart)', () => {
  assert.equal(serverDisconnectDelayMs(0, 0), 250);
  assert.equal(serverDisconnectDelayMs(0, 1), 750);
});

test('serverDisconnectDelayMs() doubles for a server that keeps disconnecting, up to 5 s (± half)', () => {
  assert.equal(serverDisconnectDelayMs(1, 0.5), 1_000);
  assert.equal(serverDisconnectDelayMs(3, 0.5), 4_000);
  assert.equal(serverDisconnectDelayMs(12, 0.5), 5_000);
  assert.equal(serverDisconnectDelayMs(12, 1), 7_500);
});
