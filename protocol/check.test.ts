import assert from 'node:assert/strict';
import { test } from 'vitest';
import { Type } from 'typebox';
import { compileChecker } from './check.ts';

const Sample = Type.Object(
  { teamId: Type.String({ minLength: 1 }), priority: Type.Enum(['normal', 'urgent']), count: Type.Integer({ maximum: 3 }) },
  { additionalProperties: false },
);
const isSample = compileChecker(Sample);

test('compileChecker() accepts a valid value and explains nothing', () => {
  const v = { teamId: 't1', priority: 'urgent', count: 2 };
  assert.equal(isSample(v), true);
  assert.equal(isSample.explain(v), '');
});

test('compileChecker().explain() names missing fields', () => {
  assert.equal(isSample({ priority: 'normal', count: 1 }), false);
  assert.match(isSample.explain({ priority: 'normal', count: 1 }), /missing field\(s\) teamId/);
});

test('compileChecker().explain() names unknown fields once', () => {
  const why = isSample.explain({ teamId: 't', priority: 'normal', count: 1, extra: true });
  assert.equal(why, '/: unknown field(s) extra');
});

test('compileChecker().explain() lists the allowed values of an enum', () => {
  assert.equal(isSample.explain({ teamId: 't', priority: 'later', count: 1 }), '/priority: must be one of "normal", "urgent"');
});

test('compileChecker().explain() gives the path and bound of a number out of range', () => {
  assert.equal(isSample.explain({ teamId: 't', priority: 'normal', count: 9 }), '/count: must be <= 3');
});

test('compileChecker() rejects non-objects without throwing', () => {
  for (const bad of [null, undefined, 'x', 42, []]) {
    assert.equal(isSample(bad), false);
    assert.notEqual(isSample.explain(bad), '');
  }
});

test('compileChecker() refuses a lone UTF-16 surrogate anywhere in the value, naming where, and accepts a proper pair', () => {
  assert.equal(isSample({ teamId: '\ud800', priority: 'normal', count: 1 }), false);
  assert.match(isSample.explain({ teamId: 'a\udc00', priority: 'normal', count: 1 }), /^\/teamId: .*lone UTF-16 surrogate/);
  assert.match(isSample.explain({ teamId: 't', priority: 'normal', count: 1, ['\ud83d']: 1 }), /lone UTF-16 surrogate/, 'an ill-formed key');
  // 😀 is the pair \ud83d\ude00: well-formed.
  assert.equal(isSample({ teamId: '\ud83d\ude00', priority: 'normal', count: 1 }), true);
});
