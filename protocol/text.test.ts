import assert from 'node:assert/strict';
import { test } from 'vitest';
import { illFormedTextPath, isWellFormedText, toWellFormedText } from './text.ts';

test('isWellFormedText() agrees with String.prototype.isWellFormed on pairs, lone halves and their order', () => {
  for (const s of ['', 'abc', '执行', '\ud83d\ude00', '\ud800', '\udc00', 'a\ud800b', '\ude00\ud83d', '\ud83d\ude00\ud83d', 'x\udbff\udfff']) {
    assert.equal(isWellFormedText(s), (s as unknown as { isWellFormed(): boolean }).isWellFormed(), JSON.stringify(s));
  }
});

test('toWellFormedText() replaces each lone surrogate with U+FFFD, as a UTF-8 store does, and keeps pairs', () => {
  assert.equal(toWellFormedText('a\ud800b\udc00\ud83d\ude00'), 'a\ufffdb\ufffd\ud83d\ude00');
  assert.equal(toWellFormedText('\ud800'), Buffer.from('\ud800', 'utf8').toString('utf8'));
});

test('illFormedTextPath() names the first ill-formed string or key by JSON pointer', () => {
  assert.equal(illFormedTextPath({ a: 'ok', b: [1, 'x', { c: '\ud800' }] }), '/b/2/c');
  assert.equal(illFormedTextPath({ 'a/b': { '\udc00': 1 } }), '/a~1b/\udc00');
  assert.equal(illFormedTextPath('\ud800'), '');
  assert.equal(illFormedTextPath({ a: ['执行', 1, null, true] }), null);
});
