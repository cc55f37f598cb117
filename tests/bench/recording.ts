// Benchmark `recording`: what recording one feed costs. `--feeds` (default 4) ffmpeg test sources
// publish into one mediasoup router: a 720p VP8 clip at the top simulcast layer's bitrate (1.5 Mb/s,
// encoded once into .cache/bench) looped and copied, so the sources cost next to no CPU;
// first `--warmup` seconds (default 10) without recording, for the baseline, then `--seconds`
// (default 30) with every feed recorded by the recording feature (PlainTransport → ffmpeg -c copy →
// WebM, 10-s segments so rotation and hashing are in the figures), into a temporary data dir.
// Prints {"bench":"recording","feeds":N,"seconds":…,"cpu_pct_per_feed":…,"recorder_cpu_pct_per_feed":…,
// "disk_bytes_per_feed_s":…,…}; CPU in percent of one core. The sources' own CPU is not counted.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as mediasoup from 'mediasoup';
import { pino } from 'pino';
import { ROOT_DIR } from '../../config/load.ts';
import type { FeedInfo } from '../../protocol/media.ts';
import { AuthService } from '../../server/auth/AuthService.ts';
import { systemClock } from '../../server/clock.ts';
import { CourtTree } from '../../server/courts/CourtTree.ts';
import { MEDIA_CODECS } from '../../server/media/codecs.ts';
import { RecordingService } from '../../server/recording/RecordingService.ts';
import { Store } from '../../server/store/Store.ts';
import { encodeClip, startRtpSource, type RtpSource } from '../support/rtpSource.ts';
import { ACTIONS, buildWorld, COURTS } from '../support/world.ts';
import { cpuSeconds, ifRunning, machineBusySeconds } from './procStats.ts';

const CLIP = { width: 1280, height: 720, frameRate: 25, bitrate: 1_500_000, seconds: 20 };
const CLIP_FILE = path.join(ROOT_DIR, '.cache', 'bench', `recording-${CLIP.width}x${CLIP.height}-${CLIP.bitrate}.webm`);
const SEGMENT_SECONDS = 10;

function intFlag(flags: Record<string, string | undefined>, name: string, fallback: number, min: number, max: number): number {
  const raw = flags[name];
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    console.error(`--${name} must be an integer from ${min} to ${max}, got "${raw}"`);
    process.exit(2);
  }
  return n;
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** CPU seconds of the recorder processes, sampled: a process that ended keeps its last reading. */
class RecorderCpu {
  readonly #last = new Map<number, number>();
  sample(pids: readonly number[]): void {
    for (const pid of pids) {
      const s = ifRunning(() => cpuSeconds(pid));
      if (s !== null) this.#last.set(pid, s);
    }
  }
  /** Every recorder's CPU seconds since it started, as last seen. */
  get total(): number {
    let sum = 0;
    for (const s of this.#last.values()) sum += s;
    return sum;
  }
}

export async function run(flags: Record<string, string | undefined>): Promise<void> {
  const feeds = intFlag(flags, 'feeds', 4, 1, 64);
  const seconds = intFlag(flags, 'seconds', 30, 5, 3_600);
  const warmup = intFlag(flags, 'warmup', 10, 2, 600);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'cc-bench-rec-'));
  const logger = pino({ level: 'warn' });
  const store = await Store.open({ dataDir });
  const worker = await mediasoup.createWorker({ logLevel: 'warn' });
  const sources: RtpSource[] = [];
  let recordings: RecordingService | null = null;
  try {
    const auth = new AuthService(store.db, { sessionHours: 1, maxFailedLogins: 5, lockoutMinutes: 1, scryptCost: 1024 });
    const users = await buildWorld(store.db, auth);
    const courts = await CourtTree.load(store.db);
    const teamId = (await store.db.selectFrom('teams').select('id').where('court_id', '=', COURTS.xihu.id).executeTakeFirstOrThrow()).id;
    const action = ACTIONS.xihu;
    const router = await worker.createRouter({ mediaCodecs: MEDIA_CODECS });
    mkdirSync(path.dirname(CLIP_FILE), { recursive: true });
    await encodeClip(CLIP_FILE, CLIP);
    for (let i = 0; i < feeds; i++) sources.push(await startRtpSource({ router, file: CLIP_FILE }));

    // Baseline: the feeds flow into the SFU, nothing records them.
    await wait(warmup * 1000);
    const base0 = { worker: cpuSeconds(worker.pid), self: process.cpuUsage(), at: performance.now() };
    await wait(warmup * 1000);
    const baseSeconds = (performance.now() - base0.at) / 1000;
    const baseWorker = (cpuSeconds(worker.pid) - base0.worker) / baseSeconds;
    const baseSelf = cpuOf(process.cpuUsage(base0.self)) / baseSeconds;

    recordings = new RecordingService({
      db: store.db,
      dataDir,
      config: { enabled: true, segmentSeconds: SEGMENT_SECONDS, ffmpeg: process.env.FFMPEG_PATH ?? 'ffmpeg', minFreeBytes: 0, minFreePercent: 0, diskCheckSeconds: 60 },
      courts: () => courts,
      actionOf: async (id) => (id === action.id ? { courtId: COURTS.xihu.id, caseId: action.caseId, status: 'ongoing' } : null),
      clock: systemClock,
      logger,
    });
    const opened = new Set<string>();
    recordings.on('opened', (o) => opened.add(o.feedId));
    for (const [i, source] of sources.entries()) {
      const info: FeedInfo = {
        feedId: source.video.id, terminalId: `bench-${i}`, label: `bench ${i}`, kind: 'video', startedAt: new Date().toISOString(),
        roomId: `action:${action.id}`, courtId: COURTS.xihu.id, courtName: COURTS.xihu.short, officer: `警员${i}`, userId: users['xihu.field'] ?? '',
        teamId, teamName: '执行一组', actionId: action.id, caseNumber: '(2026)浙0106执1号',
      };
      await recordings.record({ info, producer: source.video, router });
    }
    // The window starts once every feed's file holds media.
    const deadline = Date.now() + 20_000;
    while (opened.size < feeds && Date.now() < deadline) await wait(100);

    // What the sources actually delivered: a starved machine sends less than the 1.5 Mb/s asked for.
    const received = async () => (await Promise.all(sources.map((src) => src.video.getStats()))).flat().reduce((a, st) => a + st.byteCount, 0);
    const received0 = await received();
    const recorderCpu = new RecorderCpu();
    const t0 = { worker: cpuSeconds(worker.pid), self: process.cpuUsage(), busy: machineBusySeconds(), at: performance.now() };
    recorderCpu.sample(recordings.recorderPids());
    // The recorders running at the window's start had CPU before it: only what they use inside counts.
    const before = recorderCpu.total;
    const end = Date.now() + seconds * 1000;
    while (Date.now() < end) {
      await wait(250);
      recorderCpu.sample(recordings.recorderPids());
    }
    const window = (performance.now() - t0.at) / 1000;
    const sourceMbps = ((await received()) - received0) * 8 / 1e6 / window / feeds;
    const workerCpu = (cpuSeconds(worker.pid) - t0.worker) / window;
    const selfCpu = cpuOf(process.cpuUsage(t0.self)) / window;
    const busy = (machineBusySeconds() - t0.busy) / window;
    const recorderSeconds = (recorderCpu.total - before) / window;
    for (const source of sources) await recordings.stop(source.video.id);

    const rows = await store.db.selectFrom('recordings').select(['bytes', 'sha256', 'started_at', 'ended_at']).execute();
    const gaps = await store.db.selectFrom('recording_gaps').select('id').execute();
    const bytes = rows.reduce((a, r) => a + Number(r.bytes ?? 0), 0);
    const recordedSeconds = rows.reduce((a, r) => a + (Date.parse(r.ended_at ?? r.started_at) - Date.parse(r.started_at)) / 1000, 0);
    const perFeed = (x: number) => Math.round((x / feeds) * 1000) / 10;
    const added = recorderSeconds + Math.max(0, workerCpu - baseWorker) + Math.max(0, selfCpu - baseSelf);
    console.log(
      JSON.stringify({
        bench: 'recording',
        feeds,
        seconds: Math.round(window * 10) / 10,
        cpu_pct_per_feed: perFeed(added),
        recorder_cpu_pct_per_feed: perFeed(recorderSeconds),
        sfu_cpu_pct_per_feed: perFeed(Math.max(0, workerCpu - baseWorker)),
        server_cpu_pct_per_feed: perFeed(Math.max(0, selfCpu - baseSelf)),
        disk_bytes_per_feed_s: Math.round(bytes / Math.max(1, recordedSeconds)),
        source_mbps_per_feed: Math.round(sourceMbps * 100) / 100,
        segments: rows.length,
        sealed: rows.filter((r) => r.sha256 !== null).length,
        gaps: gaps.length,
        segment_seconds: SEGMENT_SECONDS,
        machine_busy_pct: Math.round(busy * 1000) / 10,
        cores: os.availableParallelism(),
        source: `testsrc2 ${CLIP.width}x${CLIP.height}@${CLIP.frameRate} VP8 ${CLIP.bitrate / 1e6} Mb/s, a clip looped by ffmpeg -c copy`,
      }),
    );
  } finally {
    await recordings?.close();
    for (const s of sources) await s.stop();
    worker.close();
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function cpuOf(u: NodeJS.CpuUsage): number {
  return (u.user + u.system) / 1e6;
}
