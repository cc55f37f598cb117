import assert from 'node:assert/strict';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, onTestFinished, test } from 'vitest';
import * as mediasoup from 'mediasoup';
import type { Router, Worker } from 'mediasoup/types';
import { pino } from 'pino';
import type { FeedInfo } from '../../protocol/media.ts';
import { keyFrameTimes, probe, recorderUnavailable } from '../../tests/support/ffprobe.ts';
import { encodeClip, startRtpSource, type RtpSource } from '../../tests/support/rtpSource.ts';
import { skipTitle } from '../../tests/support/skip.ts';
import { ACTIONS, buildWorld, COURTS } from '../../tests/support/world.ts';
import { AuditLog } from '../audit/AuditLog.ts';
import { AuthService } from '../auth/AuthService.ts';
import { systemClock } from '../clock.ts';
import { CourtTree } from '../courts/CourtTree.ts';
import { MEDIA_CODECS } from '../media/codecs.ts';
import { Store } from '../store/Store.ts';
import { hashFile } from './hashFile.ts';
import { RecordingService, type RecordableFeed } from './RecordingService.ts';

const skip = recorderUnavailable();
const ACTION = ACTIONS.xihu;

interface World {
  store: Store;
  dataDir: string;
  worker: Worker;
  router: Router;
  teamId: string;
  userId: string;
  service(segmentSeconds: number): RecordingService;
}

/** A feed of `source` on the xihu action, labelled as the lead's MediaService labels one. */
function feedOf(w: World, source: RtpSource, kind: 'video' | 'audio' = 'video'): RecordableFeed {
  const producer = kind === 'video' ? source.video : source.audio;
  assert.ok(producer);
  const info: FeedInfo = {
    feedId: producer.id,
    terminalId: 'terminal-1',
    label: '测试终端',
    kind,
    startedAt: new Date().toISOString(),
    roomId: `action:${ACTION.id}`,
    courtId: COURTS.xihu.id,
    courtName: COURTS.xihu.short,
    officer: '王某刚',
    userId: w.userId,
    teamId: w.teamId,
    teamName: '执行一组',
    actionId: ACTION.id,
    caseNumber: '(2026)浙0106执1号',
  };
  return { info, producer, router: w.router };
}

/** Media flows for `ms`: the length of what is recorded is the subject here, so this is real time. */
function recordFor(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

describe.skipIf(skip)(skipTitle('RecordingService records feeds of an action from the SFU (real mediasoup, real ffmpeg)', skip), () => {
  const w = {} as World;

  beforeAll(async () => {
    w.dataDir = mkdtempSync(path.join(os.tmpdir(), 'cc-rec-'));
    w.store = await Store.open({ dataDir: w.dataDir });
    const auth = new AuthService(w.store.db, { sessionHours: 1, maxFailedLogins: 5, lockoutMinutes: 1, scryptCost: 1024 });
    const users = await buildWorld(w.store.db, auth);
    w.userId = users['xihu.field'] ?? assert.fail('no xihu.field');
    w.teamId = (await w.store.db.selectFrom('teams').select('id').where('court_id', '=', COURTS.xihu.id).executeTakeFirstOrThrow()).id;
    const courts = await CourtTree.load(w.store.db);
    w.worker = await mediasoup.createWorker({ logLevel: 'warn' });
    w.router = await w.worker.createRouter({ mediaCodecs: MEDIA_CODECS });
    w.service = (segmentSeconds) =>
      new RecordingService({
        db: w.store.db,
        dataDir: w.dataDir,
        config: { enabled: true, segmentSeconds, ffmpeg: 'ffmpeg', minFreeBytes: 0, minFreePercent: 0, diskCheckSeconds: 60 },
        courts: () => courts,
        actionOf: async (id) => (id === ACTION.id ? { courtId: COURTS.xihu.id, caseId: ACTION.caseId, status: 'ongoing' } : null),
        clock: systemClock,
        logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
      });
  });

  afterAll(async () => {
    w.worker?.close();
    await w.store?.close();
    if (w.dataDir) rmSync(w.dataDir, { recursive: true, force: true });
  });

  test('recordingService.record() writes ~20 s of a feed as 8-s WebM segments whose SHA-256 is in the store and the audit chain', async () => {
    // A clip encoded once and sent looped without an encoder: the source keeps real time on a loaded machine.
    const clip = path.join(os.tmpdir(), 'cc-test-clip-640x360-25.webm');
    await encodeClip(clip, { width: 640, height: 360, frameRate: 25, bitrate: 800_000, seconds: 10 });
    const source = await startRtpSource({ router: w.router, file: clip });
    onTestFinished(() => source.stop());
    const recordings = w.service(8);
    onTestFinished(() => recordings.close());

    // The media the feed sent while it was recorded, by its RTP timestamps: on a loaded machine the
    // source can fall behind real time, and a recorder cannot hold media that was never sent.
    const sent: number[] = [];
    await source.video.enableTraceEvent(['rtp']);
    source.video.on('trace', (t) => {
      const rtp = (t.info as { rtpPacket?: { timestamp?: number } } | undefined)?.rtpPacket;
      if (rtp?.timestamp !== undefined) sent.push(rtp.timestamp);
    });
    const started = Date.now();
    assert.equal(await recordings.record(feedOf(w, source)), true);
    await recordFor(20_000);
    const media = ((sent.at(-1) ?? 0) - (sent[0] ?? 0)) / 90_000;
    await recordings.stop(source.video.id);
    const wall = (Date.now() - started) / 1000;

    const { recordings: rows } = await recordings.store.forAction(ACTION.id);
    const mine = rows.filter((r) => r.feedId === source.video.id);
    assert.ok(mine.length >= 3, `${mine.length} segments in ${wall.toFixed(1)} s`);
    let total = 0;
    for (const row of mine) {
      assert.equal(row.state, 'sealed');
      assert.equal(row.locked, true);
      assert.ok(row.sha256 && row.endedAt && row.bytes, `row ${row.id} sealed with hash, end and size`);
      const file = path.join(w.dataDir, 'recordings', ACTION.id, `${row.id}.webm`);
      const hashed = await hashFile(file);
      assert.equal(hashed?.sha256, row.sha256, 'the file hashes to the stored SHA-256');
      assert.equal(hashed?.bytes, row.bytes);
      const p = probe(file);
      assert.deepEqual(p.streams.map((s) => [s.kind, s.codec, s.width, s.height]), [['video', 'vp8', 640, 360]], p.line);
      // Each segment starts on a key frame: the recorder asked for one and waited for it.
      assert.equal(keyFrameTimes(file)[0], 0, `${p.line} starts with a key frame`);
      assert.ok(p.duration > 0 && Date.parse(row.endedAt) > Date.parse(row.startedAt), p.line);
      total += p.duration;
    }
    // Rotation leaves no hole: each segment starts before the previous one stopped.
    for (let i = 1; i < mine.length; i++) {
      assert.ok(Date.parse(mine[i]!.startedAt) <= Date.parse(mine[i - 1]!.endedAt ?? ''), `segment ${i} starts ${mine[i]!.startedAt}, the one before ended ${mine[i - 1]!.endedAt}`);
    }
    assert.ok(media > 10, `the source sent ${media.toFixed(2)} s of video in 20 s: too loaded a machine to judge`);
    assert.ok(Math.abs(total - media) <= 2, `files hold ${total.toFixed(2)} s of video; the feed sent ${media.toFixed(2)} s while recorded (wall ${wall.toFixed(1)} s)`);

    const seals = await w.store.db.selectFrom('audit_log').selectAll().where('action', '=', 'recording.seal').execute();
    for (const row of mine) {
      const entry = seals.find((e) => e.target_id === row.id);
      assert.ok(entry, `audit entry for ${row.id}`);
      const detail = JSON.parse(entry.detail) as Record<string, unknown>;
      assert.equal(detail.sha256, row.sha256);
      assert.equal(detail.actionId, ACTION.id);
      assert.equal(detail.caseId, ACTION.caseId);
      assert.equal(detail.teamId, w.teamId);
      assert.equal(detail.terminalId, 'terminal-1');
      assert.equal(detail.from, row.startedAt);
      assert.equal(detail.to, row.endedAt);
    }
    const chain = await AuditLog.verify(w.store.db);
    assert.equal(chain.ok, true, JSON.stringify(chain.firstBroken));
  });

  test('recordingService.record() restarts a killed recorder and records the gap', async () => {
    const source = await startRtpSource({ router: w.router, width: 640, height: 360 });
    onTestFinished(() => source.stop());
    const recordings = w.service(60);
    onTestFinished(() => recordings.close());
    const feedId = source.video.id;

    const opened = once(recordings, 'opened');
    await recordings.record(feedOf(w, source));
    await opened;
    const firstPid = recordings.recorderPid(feedId);
    assert.ok(firstPid);
    await recordFor(2_000);

    const gap = once(recordings, 'gap');
    const sealed = once(recordings, 'sealed');
    process.kill(firstPid, 'SIGKILL');
    const [died] = (await sealed) as [{ id: string }];
    const [g] = (await gap) as [{ id: string; from: string; to: string }];
    const pid = recordings.recorderPid(feedId);
    assert.ok(pid && pid !== firstPid, 'a new recorder runs');
    const gapMs = Date.parse(g.to) - Date.parse(g.from);
    // A few seconds on a loaded machine: a new ffmpeg, its port, a key frame, its first report.
    assert.ok(gapMs >= 0 && gapMs < 15_000, `gap of ${gapMs} ms`);
    await recordFor(3_000);
    await recordings.stop(feedId);

    const { recordings: rows, gaps } = await recordings.store.forAction(ACTION.id);
    const mine = rows.filter((r) => r.feedId === feedId);
    assert.equal(mine.length, 2, 'the killed segment and the one after it');
    const killed = mine.find((r) => r.id === died.id);
    assert.ok(killed?.sha256, 'the killed segment is sealed with its hash');
    assert.equal((await hashFile(path.join(w.dataDir, 'recordings', ACTION.id, `${died.id}.webm`)))?.sha256, killed.sha256);
    const reasons = await w.store.db.selectFrom('recordings').select(['id', 'end_reason']).where('feed_id', '=', feedId).execute();
    assert.equal(reasons.find((r) => r.id === died.id)?.end_reason, 'died');
    assert.deepEqual(gaps.filter((x) => x.feedId === feedId).map((x) => [x.id, x.from, x.to, x.reason]), [[g.id, g.from, g.to, 'recorder died']]);
    const audited = await w.store.db.selectFrom('audit_log').select('detail').where('action', '=', 'recording.gap').execute();
    assert.ok(audited.some((a) => (JSON.parse(a.detail) as { gapId: string }).gapId === g.id), 'the gap is in the audit trail');
  });

  test('recordingService.record() records an Opus feed as an audio-only WebM', async () => {
    const source = await startRtpSource({ router: w.router, width: 320, height: 180, audio: true });
    onTestFinished(() => source.stop());
    const recordings = w.service(60);
    onTestFinished(() => recordings.close());
    const feed = feedOf(w, source, 'audio');
    const sealed = once(recordings, 'sealed');
    await recordings.record(feed);
    await recordFor(4_000);
    await recordings.stop(feed.info.feedId);
    const [s] = (await sealed) as [{ id: string }];
    const p = probe(path.join(w.dataDir, 'recordings', ACTION.id, `${s.id}.webm`));
    assert.deepEqual(p.streams.map((x) => [x.kind, x.codec]), [['audio', 'opus']]);
    assert.ok(p.duration > 2 && p.duration < 5.5, p.line);
  });

  test('recordingService.record() leaves a feed that is on no action unrecorded', async () => {
    const source = await startRtpSource({ router: w.router, width: 320, height: 180 });
    onTestFinished(() => source.stop());
    const recordings = w.service(60);
    onTestFinished(() => recordings.close());
    const feed = feedOf(w, source);
    assert.equal(await recordings.record({ ...feed, info: { ...feed.info, actionId: null, roomId: `court:${COURTS.xihu.id}` } }), false);
    assert.equal(await recordings.record({ ...feed, info: { ...feed.info, actionId: 'action-unknown' } }), false);
    assert.equal(recordings.recording, 0);
  });

  test('recordingService.recover() seals a recording a crashed run left open, with the hash of what is on disk', async () => {
    const recordings = w.service(60);
    const id = '00000000-0000-4000-8000-000000000001';
    const file = path.join('recordings', ACTION.id, `${id}.webm`);
    await recordings.store.insertOpen(
      { actionId: ACTION.id, caseId: ACTION.caseId, caseNumber: '', courtId: COURTS.xihu.id, teamId: w.teamId, teamName: '执行一组', terminalId: 't', userId: w.userId, officer: '王某刚', officerCourtId: COURTS.xihu.id, feedId: 'f', kind: 'video' },
      id,
      file,
      new Date(),
    );
    const { writeFileSync, mkdirSync } = await import('node:fs');
    mkdirSync(path.dirname(path.join(w.dataDir, file)), { recursive: true });
    writeFileSync(path.join(w.dataDir, file), 'partial webm');
    assert.equal(await recordings.recover(), 1);
    const row = await recordings.store.row(id);
    assert.equal(row?.end_reason, 'recovered');
    assert.equal(row?.sha256, (await hashFile(path.join(w.dataDir, file)))?.sha256);
    assert.ok(existsSync(path.join(w.dataDir, file)), 'nothing is deleted');
    assert.equal(await recordings.recover(), 0);
  });
});
