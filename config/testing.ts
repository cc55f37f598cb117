import assert from 'node:assert/strict';
import { ConfigError } from './load.ts';

/** Runs `fn`, asserts it throws a ConfigError, and returns it (for tests of the loaders). */
export function configErrorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof ConfigError, `expected ConfigError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected a ConfigError');
}
