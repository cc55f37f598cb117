import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, test } from 'vitest';
import { login, startServer, type RunningServer } from '../support/server.ts';

describe('http gateway', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.close());

  test('GET /api/health reports ok, the database and every live mediasoup worker pid to a session', async () => {
    const token = await login(server, 'hz.operator');
    const res = await server.app.inject({ method: 'GET', url: '/api/health', headers: { authorization: `Bearer ${token}` } });
    assert.equal(res.statusCode, 200);
    const body = res.json();
    assert.equal(body.status, 'ok');
    assert.equal(body.db, 'ok');
    assert.equal(body.mediasoup.workers.length, 1);
    assert.equal(typeof body.eventLoop.p99Ms, 'number');
    const [worker] = body.mediasoup.workers;
    assert.ok(Number.isInteger(worker.pid) && worker.pid > 0);
    // The pid is a real process: signal 0 throws if it does not exist.
    assert.doesNotThrow(() => process.kill(worker.pid, 0));
  });

  test('GET on an unknown route answers a JSON 404 naming the route', async () => {
    const res = await server.app.inject({ method: 'GET', url: '/api/no-such-thing?x=1' });
    assert.equal(res.statusCode, 404);
    assert.match(res.headers['content-type'] ?? '', /application\/json/);
    assert.deepEqual(res.json(), { code: 'ERR_NOT_FOUND', message: 'GET /api/no-such-thing 不存在 / not found' });
  });

  test('GET /console and /field serve the zh-CN pages', async () => {
    for (const url of ['/console', '/field']) {
      const res = await server.app.inject({ method: 'GET', url });
      assert.equal(res.statusCode, 200, url);
      assert.match(res.headers['content-type'] ?? '', /text\/html/);
      assert.match(res.body, /<html lang="zh-CN">/);
      assert.match(res.body, /<script type="module" [^>]*src="\/assets\//);
    }
  });
});
