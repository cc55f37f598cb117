import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, test } from 'vitest';
import type { OutgoingHttpHeaders } from 'node:http';
import { ROOT_DIR } from '../../config/load.ts';
import { login, startServer, type RunningServer } from '../support/server.ts';

/** The policy every answer carries, as a browser reads it (Host `127.0.0.1:8600`). */
const EXPECTED_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "script-src-attr 'none'",
  "style-src 'self'",
  "connect-src 'self' ws://127.0.0.1:8600 wss://127.0.0.1:8600",
  "img-src 'self' data: blob:",
  "media-src 'self' blob: mediastream:",
  "worker-src 'self' blob:",
  "font-src 'self' data:",
  "object-src 'none'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join(';');

const HOST = { host: '127.0.0.1:8600' };

function assertSecurityHeaders(headers: OutgoingHttpHeaders, what: string): void {
  assert.equal(headers['content-security-policy'], EXPECTED_CSP, what);
  assert.equal(headers['x-content-type-options'], 'nosniff', what);
  assert.equal(headers['x-frame-options'], 'DENY', what);
  assert.equal(headers['referrer-policy'], 'no-referrer', what);
  // Plain http on court intranets: HSTS would be ignored at best, and a trap behind a later TLS proxy.
  assert.equal(headers['strict-transport-security'], undefined, what);
  assert.equal(headers['cross-origin-embedder-policy'], undefined, what);
}

describe('security headers', () => {
  let server: RunningServer;
  let token: string;
  beforeAll(async () => {
    server = await startServer();
    token = await login(server, 'hz.operator');
  });
  afterAll(() => server.close());

  test('GET /console and /field carry the CSP, nosniff and X-Frame-Options: DENY', async () => {
    for (const url of ['/console', '/field']) {
      const res = await server.app.inject({ method: 'GET', url, headers: HOST });
      assert.equal(res.statusCode, 200, url);
      assertSecurityHeaders(res.headers, url);
    }
  });

  test('/api answers carry the security headers and Cache-Control: no-store, errors included', async () => {
    const requests = [
      { url: '/api/health', status: 200 },
      { url: '/api/auth/me', status: 200, auth: true },
      { url: '/api/auth/me', status: 401 },
      { url: '/api/no-such-thing', status: 404 },
      { url: '/api/cases?pageSize=0', status: 400, auth: true },
    ];
    for (const r of requests) {
      const headers = { ...HOST, ...(r.auth ? { authorization: `Bearer ${token}` } : {}) };
      const res = await server.app.inject({ method: 'GET', url: r.url, headers });
      const what = `${r.url} (${r.status})`;
      assert.equal(res.statusCode, r.status, what);
      assertSecurityHeaders(res.headers, what);
      assert.equal(res.headers['cache-control'], 'no-store', what);
    }
  });

  test('connect-src names no host when the Host header is not a plain host[:port]', async () => {
    const res = await server.app.inject({ method: 'GET', url: '/console', headers: { host: "evil;script-src 'unsafe-inline'" } });
    assert.equal(res.statusCode, 200);
    const csp = res.headers['content-security-policy'];
    assert.ok(typeof csp === 'string');
    assert.match(csp, /connect-src 'self' *;/);
    assert.doesNotMatch(csp, /evil|unsafe-inline/);
  });

  test('GET /console and /field are revalidated on every load (no-cache) and answer 304 while unchanged', async () => {
    for (const url of ['/console', '/field']) {
      const res = await server.app.inject({ method: 'GET', url });
      assert.equal(res.headers['cache-control'], 'no-cache', url);
      const etag = res.headers.etag;
      assert.ok(typeof etag === 'string', `${url} has no ETag`);
      const again = await server.app.inject({ method: 'GET', url, headers: { 'if-none-match': etag } });
      assert.equal(again.statusCode, 304, url);
    }
  });

  test('GET /assets/* serves the hashed files immutable for a year, with the security headers', async () => {
    const [asset] = readdirSync(path.join(ROOT_DIR, 'dist', 'renderer', 'assets')).filter((f) => f.endsWith('.js'));
    assert.ok(asset, 'no built asset: run `npm run build`');
    const res = await server.app.inject({ method: 'GET', url: `/assets/${asset}`, headers: HOST });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['cache-control'], 'public, max-age=31536000, immutable');
    assertSecurityHeaders(res.headers, asset);
  });

  test('the pages are not served again under their unhashed file paths (which would be cached a year)', async () => {
    for (const url of ['/console/index.html', '/field/index.html']) {
      const res = await server.app.inject({ method: 'GET', url });
      assert.equal(res.statusCode, 404, url);
      assert.equal(res.json().code, 'ERR_NOT_FOUND');
    }
  });

  test('GET /favicon.ico answers 204 (no icon, and no 404 logged in every page\'s console)', async () => {
    const res = await server.app.inject({ method: 'GET', url: '/favicon.ico', headers: HOST });
    assert.equal(res.statusCode, 204);
    assertSecurityHeaders(res.headers, '/favicon.ico');
  });
});

describe('GET /api/health details', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.close());

  test('GET /api/health answers the status alone without a session', async () => {
    const res = await server.app.inject({ method: 'GET', url: '/api/health' });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), { status: 'ok' });
  });

  test('GET /api/health answers the status alone to a token that is not a session', async () => {
    const res = await server.app.inject({ method: 'GET', url: '/api/health', headers: { authorization: 'Bearer not-a-session' } });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), { status: 'ok' });
  });

  test('GET /api/health answers versions, worker pids, sockets and event-loop lag to a session (token or cookie)', async () => {
    const token = await login(server, 'hz.operator');
    for (const headers of [{ authorization: `Bearer ${token}` }, { cookie: `cc_session=${token}` }]) {
      const res = await server.app.inject({ method: 'GET', url: '/api/health', headers });
      assert.equal(res.statusCode, 200);
      const body = res.json();
      assert.equal(body.status, 'ok');
      assert.equal(body.db, 'ok');
      assert.equal(body.mediasoup.version, server.media.version);
      assert.equal(body.mediasoup.workers.length, 1);
      assert.deepEqual(Object.keys(body.sockets).sort(), ['consoles', 'terminals']);
      assert.equal(typeof body.eventLoop.p99Ms, 'number');
      assert.match(body.version, /^\d+\.\d+\.\d+/);
    }
  });

  test('GET /api/health still answers 503 degraded, not 500, when the store is closed and the session cannot be looked up', async () => {
    const own = await startServer();
    try {
      await own.store.close();
      const anonymous = await own.app.inject({ method: 'GET', url: '/api/health' });
      assert.equal(anonymous.statusCode, 503);
      assert.deepEqual(anonymous.json(), { status: 'degraded' });
      const withToken = await own.app.inject({ method: 'GET', url: '/api/health', headers: { authorization: 'Bearer some-token' } });
      assert.equal(withToken.statusCode, 503);
      assert.deepEqual(withToken.json(), { status: 'degraded' });
    } finally {
      await own.close();
    }
  });
});
