import assert from 'node:assert/strict';
import { test } from 'vitest';
import { isOriginAllowed } from './gateway.ts';

const host = { host: '127.0.0.1:8600' };

test('isOriginAllowed() accepts the server\'s own origin', () => {
  assert.equal(isOriginAllowed('http://127.0.0.1:8600', host, []), true);
});

test('isOriginAllowed() accepts a client that sends no Origin (4G units, services)', () => {
  assert.equal(isOriginAllowed(undefined, host, []), true);
});

test('isOriginAllowed() rejects another site', () => {
  assert.equal(isOriginAllowed('http://evil.example', host, []), false);
});

test('isOriginAllowed() rejects the same host on another port', () => {
  assert.equal(isOriginAllowed('http://127.0.0.1:9999', host, []), false);
});

test('isOriginAllowed() rejects a malformed Origin and the opaque "null" origin', () => {
  assert.equal(isOriginAllowed('not a url', host, []), false);
  assert.equal(isOriginAllowed('null', host, []), false);
});

test('isOriginAllowed() accepts a configured trusted origin', () => {
  assert.equal(isOriginAllowed('https://wall.court.example', host, ['https://wall.court.example']), true);
});

test('isOriginAllowed() rejects any Origin when the request has no Host header', () => {
  assert.equal(isOriginAllowed('http://127.0.0.1:8600', {}, []), false);
});
