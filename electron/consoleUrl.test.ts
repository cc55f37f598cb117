import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'vitest';
import { parseConsoleUrl, resolveConsoleUrl } from './consoleUrl.ts';
import { ConsoleUrlError } from './errors.ts';

const configPort: unknown = JSON.parse(readFileSync(new URL('../config/default.json', import.meta.url), 'utf8')).server.port;

function assertUrlError(fn: () => unknown, source: string): void {
  assert.throws(fn, (err) => {
    assert.ok(err instanceof ConsoleUrlError, `expected ConsoleUrlError, got ${String(err)}`);
    assert.equal(err.code, 'ERR_CONSOLE_URL');
    assert.equal(err.source, source);
    return true;
  });
}

test('resolveConsoleUrl() takes --console-url over CONSOLE_URL', () => {
  const url = resolveConsoleUrl(['electron', '.', '--console-url=http://10.0.0.5:9000/console'], { CONSOLE_URL: 'http://127.0.0.1:1/console' });
  assert.equal(url.href, 'http://10.0.0.5:9000/console');
});

test('resolveConsoleUrl() takes the last --console-url when given twice', () => {
  const url = resolveConsoleUrl(['--console-url=http://a.test/console', '--console-url=https://b.test/console'], {});
  assert.equal(url.href, 'https://b.test/console');
});

test('resolveConsoleUrl() uses CONSOLE_URL when no argument is given', () => {
  assert.equal(resolveConsoleUrl(['electron', '.'], { CONSOLE_URL: 'https://court.example/console' }).href, 'https://court.example/console');
});

test('resolveConsoleUrl() defaults to 127.0.0.1 on PORT', () => {
  assert.equal(resolveConsoleUrl([], { PORT: '9100' }).href, 'http://127.0.0.1:9100/console');
});

test("resolveConsoleUrl() defaults to the config file's server.port without PORT", () => {
  assert.equal(typeof configPort, 'number');
  assert.equal(resolveConsoleUrl([], { CONSOLE_URL: '' }).href, `http://127.0.0.1:${String(configPort)}/console`);
});

test('resolveConsoleUrl() throws ConsoleUrlError naming PORT when it is not a port number', () => {
  for (const PORT of ['abc', '0', '70000', '80.5', '-1']) assertUrlError(() => resolveConsoleUrl([], { PORT }), 'PORT');
});

test('resolveConsoleUrl() throws ConsoleUrlError when --console-url has no =value', () => {
  assertUrlError(() => resolveConsoleUrl(['--console-url', 'http://127.0.0.1:8600/console'], {}), '--console-url');
});

test('resolveConsoleUrl() throws ConsoleUrlError naming the source of a non-http URL', () => {
  assertUrlError(() => resolveConsoleUrl(['--console-url=file:///opt/console/index.html'], {}), '--console-url');
  assertUrlError(() => resolveConsoleUrl([], { CONSOLE_URL: 'javascript:alert(1)' }), 'CONSOLE_URL');
});

test('parseConsoleUrl() throws ConsoleUrlError for text that is not an absolute URL', () => {
  for (const raw of ['', '   ', '127.0.0.1:8600/console', '/console', 'http//x']) assertUrlError(() => parseConsoleUrl(raw, 'CONSOLE_URL'), 'CONSOLE_URL');
});

test('parseConsoleUrl() throws ConsoleUrlError for a URL with credentials', () => {
  assertUrlError(() => parseConsoleUrl('http://admin:secret@127.0.0.1:8600/console', 'CONSOLE_URL'), 'CONSOLE_URL');
});

test('parseConsoleUrl() accepts http and https URLs, trimming whitespace', () => {
  assert.equal(parseConsoleUrl(' http://127.0.0.1:8600/console?view=wall ', 'x').href, 'http://127.0.0.1:8600/console?view=wall');
  assert.equal(parseConsoleUrl('https://[::1]:8443/console', 'x').origin, 'https://[::1]:8443');
});
