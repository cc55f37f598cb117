import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, test } from 'vitest';
import type { RecordingView } from '../../protocol/recording.ts';
import { AuditLog } from '../../server/audit/AuditLog.ts';
import { browserUnavailable, openConsole, openPhone, SCREENSHOT_DIR, useServerAndBrowser } from '../support/browser.ts';
import { probe, recorderUnavailable } from '../support/ffprobe.ts';
import { ok, send } from '../support/requests.ts';
import { connectClient, login } from '../support/server.ts';
import { skipTitle } from '../support/skip.ts';
import { ACTIONS, COURTS } from '../support/world.ts';

const skip = browserUnavailable() ?? recorderUnavailable();
const ACTION = ACTIONS.xihu;
const RECORD_MS = 20_000;

// Evidence end to end: a field page (Chromium's fake camera) of a team on an ongoing action publishes;
// the server records it from the SFU; the page stops after ~20 s; the sealed file is ~20 s of VP8 whose
// hash is in the store and the audit chain; a console opens the action's recordings, plays the file in
// a <video> through the Range route, and that playback is in the audit trail.
describe.skipIf(skip)(skipTitle('a 20-second action feed recorded, sealed, played back in Chromium and audited', skip), () => {
  const ctx = useServerAndBrowser({ before: beforeAll, after: afterAll });

  test('the field page\'s feed is recorded as ~20 s of video, its hash in store and audit chain; a console plays it and the playback is audited', async () => {
    const errors: string[] = [];
    const { server } = ctx;
    const teamId = (await server.store.db.selectFrom('teams').select('id').where('court_id', '=', COURTS.xihu.id).executeTakeFirstOrThrow()).id;
    const dispatcher = await connectClient(server.url, { client: 'console', token: await login(server, 'h.dispatcher') });
    try {
      ok(await send(dispatcher, 'action:assign', { actionId: ACTION.id, teamIds: [teamId] }));
      ok(await send(dispatcher, 'action:status', { actionId: ACTION.id, status: 'ongoing' }));
    } finally {
      dispatcher.disconnect();
    }

    // The officer's phone publishes into the action's room: its video (and microphone) are recorded.
    const videoOpened = new Promise<{ id: string; at: number }>((resolve) => {
      server.recordings.on('opened', (o) => {
        if (server.media.find(o.feedId)?.feed.info.kind === 'video') resolve({ id: o.id, at: Date.now() });
      });
    });
    const { context: field, page: fieldPage } = await openPhone(ctx, 'xihu.field', errors);
    await fieldPage.getByTestId('start-camera').click();
    await fieldPage.locator('[data-testid="publish-state"][data-state="live"]').waitFor({ timeout: 20_000 });
    const opened = await videoOpened;
    const live = server.media.feeds().find((f) => f.info.kind === 'video');
    assert.equal(live?.info.actionId, ACTION.id, 'the feed is in the action\'s room');

    // The recording runs for 20 s of real time (its length is what is checked), then the phone stops.
    await new Promise((resolve) => setTimeout(resolve, RECORD_MS));
    const sealed = new Promise<void>((resolve) => {
      server.recordings.on('sealed', (s) => {
        if (s.id === opened.id) resolve();
      });
    });
    await field.close();
    await sealed;
    const wall = (Date.now() - opened.at) / 1000;

    const row = await server.store.db.selectFrom('recordings').selectAll().where('id', '=', opened.id).executeTakeFirstOrThrow();
    assert.equal(row.action_id, ACTION.id);
    assert.equal(row.team_id, teamId);
    const file = path.join(server.config.dataDir, row.file);
    const p = probe(file);
    console.log(`ffprobe ${row.file}: ${p.line}`);
    assert.equal(p.streams[0]?.codec, 'vp8', p.line);
    assert.ok(Math.abs(p.duration - 20) <= 3, `${p.line}: about 20 s (recorded for ${wall.toFixed(1)} s)`);
    const sha256 = createHash('sha256').update(readFileSync(file)).digest('hex');
    assert.equal(row.sha256, sha256, 'the file hashes to the stored SHA-256');
    const seal = await server.store.db.selectFrom('audit_log').select('detail').where('action', '=', 'recording.seal').where('target_id', '=', row.id).executeTakeFirstOrThrow();
    assert.equal((JSON.parse(seal.detail) as { sha256: string }).sha256, sha256, 'and to the one in the audit chain');

    // A console of the action's branch opens 执行记录 and plays the segment.
    const consolePage = await openConsole(ctx, 'hz.operator', errors);
    const actionRow = consolePage.locator(`[data-testid="action-row"][data-action-id="${ACTION.id}"]`);
    await actionRow.getByTestId('action-recordings').click();
    const recordingRow = consolePage.locator(`[data-testid="recording-row"][data-recording-id="${row.id}"]`);
    await recordingRow.waitFor({ timeout: 10_000 });
    assert.equal(await recordingRow.getAttribute('data-state'), 'sealed');
    assert.equal(await recordingRow.getByTestId('recording-hash').getAttribute('data-sha256'), sha256);
    await recordingRow.getByTestId('recording-play').click();
    await consolePage.waitForFunction(
      (id) => {
        const v = document.querySelector<HTMLVideoElement>(`[data-testid="recording-video"][data-recording-id="${id}"]`);
        return v !== null && v.currentTime > 1;
      },
      row.id,
      { timeout: 20_000, polling: 250 },
    );
    const played = await consolePage.evaluate(() => {
      const v = document.querySelector<HTMLVideoElement>('[data-testid="recording-video"]');
      return v ? { currentTime: v.currentTime, duration: v.duration, width: v.videoWidth } : null;
    });
    assert.ok(played && played.width > 0, `decoded picture ${JSON.stringify(played)}`);

    await recordingRow.getByTestId('recording-verify').click();
    await recordingRow.locator('[data-testid="recording-verify-result"][data-match="true"]').waitFor({ timeout: 10_000 });
    await consolePage.screenshot({ path: path.join(SCREENSHOT_DIR, 'console-recording-playback.png') });

    const plays = await server.store.db.selectFrom('audit_log').selectAll().where('action', '=', 'recording.play').where('target_id', '=', row.id).execute();
    assert.ok(plays.length >= 1, 'the playback is in the audit trail');
    assert.ok(plays.every((e) => e.actor_name === 'hz.operator' && e.court_id === COURTS.hz.id));
    const listed = await server.app.inject({ url: `/api/actions/${ACTION.id}/recordings`, headers: { authorization: `Bearer ${await login(server, 'hz.operator')}` } });
    const recordings = listed.json<{ recordings: RecordingView[] }>().recordings;
    assert.ok(recordings.some((r) => r.kind === 'audio' && r.state === 'sealed'), 'the microphone is recorded too');
    const chain = await AuditLog.verify(server.store.db);
    assert.equal(chain.ok, true, JSON.stringify(chain.firstBroken));
    assert.deepEqual(errors, []);
  });
});
