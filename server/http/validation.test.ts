import assert from 'node:assert/strict';
import { afterAll, beforeAll, test } from 'vitest';
import Fastify, { type FastifyInstance } from 'fastify';
import { CaseListQuery, IdParams, OverrideColourBody } from '../../protocol/api.ts';
import { registerErrorHandlers } from './errors.ts';
import { registerValidation } from './validation.ts';

// The validator every route uses, on a bare Fastify with echo routes (no database needed).
let app: FastifyInstance;
beforeAll(async () => {
  app = Fastify();
  registerErrorHandlers(app);
  registerValidation(app);
  app.get('/q', { schema: { querystring: CaseListQuery } }, async (request) => ({ query: request.query }));
  app.put('/b/:id', { schema: { params: IdParams, body: OverrideColourBody } }, async (request) => ({ params: request.params, body: request.body }));
  await app.ready();
});
afterAll(() => app.close());

async function get(qs: string): Promise<{ status: number; body: { code?: string; message?: string; query?: Record<string, unknown> } }> {
  const res = await app.inject({ url: `/q?${qs}` });
  return { status: res.statusCode, body: res.json() };
}

test('integer query parameters: plain digits within bounds pass as numbers; 1e999, Infinity, 0x10, 1.5 and out-of-range values are 400 naming the parameter', async () => {
  assert.deepEqual(await get('page=3&pageSize=500&overdue=true'), { status: 200, body: { query: { page: 3, pageSize: 500, overdue: true } } });
  for (const [qs, name] of [
    ['page=1e999', 'page'],
    ['page=Infinity', 'page'],
    ['page=0x10', 'page'],
    ['page=1.5', 'page'],
    ['page=0', 'page'],
    ['page=100001', 'page'],
    ['page=99999999999999999999', 'page'],
    ['pageSize=1e999', 'pageSize'],
    ['pageSize=-1', 'pageSize'],
    ['page=1&page=2', 'page'],
    ['overdue=1', 'overdue'],
  ] as const) {
    const { status, body } = await get(qs);
    assert.equal(status, 400, qs);
    assert.equal(body.code, 'ERR_BAD_REQUEST', qs);
    assert.match(body.message ?? '', new RegExp(`^querystring/${name}: `), `${qs}: ${body.message}`);
  }
});

test('an unknown query parameter or body field is refused by name, not dropped', async () => {
  const q = await get('colr=red');
  assert.deepEqual([q.status, q.body.code], [400, 'ERR_BAD_REQUEST']);
  assert.match(q.body.message ?? '', /^querystring: unknown field\(s\) colr/);
  const res = await app.inject({ method: 'PUT', url: '/b/case-1', payload: { colour: 'red', reason: '现场有阻挠', colr: 'green' } });
  assert.equal(res.statusCode, 400);
  assert.match(res.json().message, /^body: unknown field\(s\) colr/);
});

test('a body is not coerced: a number where text is due is refused, and text is never turned into null', async () => {
  const res = await app.inject({ method: 'PUT', url: '/b/case-1', payload: { colour: 'red', reason: 12345 } });
  assert.equal(res.statusCode, 400);
  assert.match(res.json().message, /^body\/reason: /);
  const good = await app.inject({ method: 'PUT', url: '/b/case-1', payload: { colour: null, reason: '恢复计算颜色' } });
  assert.deepEqual(good.json(), { params: { id: 'case-1' }, body: { colour: null, reason: '恢复计算颜色' } });
});

test('ill-formed text in a body, a query or a route parameter is 400 naming it', async () => {
  const body = await app.inject({ method: 'PUT', url: '/b/case-1', payload: `{"colour":"red","reason":"原因\\ud800"}`, headers: { 'content-type': 'application/json' } });
  assert.equal(body.statusCode, 400);
  assert.match(body.json().message, /^body\/reason: .*lone UTF-16 surrogate/);
  const param = await app.inject({ method: 'PUT', url: '/b/%ED%A0%80', payload: { colour: 'red', reason: '原因' } });
  assert.equal(param.statusCode, 400, param.body);
});
