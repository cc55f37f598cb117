// A server that fails half-way through start-up closes what it had already opened: the mediasoup
// workers are stopped and the database is closed before the error reaches the caller.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, test } from 'vitest';
import fp from 'fastify-plugin';
import { loadConfig } from '../../config/load.ts';
import { buildApp } from '../../server/app.ts';
import type { Store } from '../../server/store/Store.ts';
import { buildWorld } from '../support/world.ts';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('start-up', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'cc-startup-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  test('a feature failing after the workers and the database opened: buildApp rejects with its error, the workers are gone and the store is closed', async () => {
    const config = loadConfig({ DATA_DIR: dataDir, MEDIA_WORKERS: '2', PORT: '0', SCRYPT_COST: '1024', DEMO_SEED: 'false' });
    const seen: { pids: number[]; store: Store | null } = { pids: [], store: null };
    const failing = fp(
      async (app) => {
        seen.pids = app.media.pool.describe().map((w) => w.pid);
        seen.store = app.store;
        throw new Error('一个功能启动失败 / a feature failed to start');
      },
      { name: 'failing-feature', dependencies: ['media', 'store'] },
    );
    await assert.rejects(
      buildApp({ config, logger: false, seedDemo: false, populate: (db, auth) => buildWorld(db, auth).then(() => undefined), extraFeatures: [failing] }),
      /a feature failed to start/,
    );
    assert.equal(seen.pids.length, 2, 'both workers had started');
    for (let i = 0; i < 50 && seen.pids.some(alive); i++) await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(seen.pids.filter(alive), [], 'no mediasoup worker outlives the failed start');
    assert.equal(seen.store?.closed, true, 'the store is closed');
    await assert.rejects(seen.store!.db.selectFrom('courts').selectAll().execute());
  });
});
