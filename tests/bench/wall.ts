// Benchmark `wall`: the console's video wall in Chromium with every tile live. A server runs in this
// process (the test world, the built console from dist/renderer); hz.operator signs in through the
// login form, opens the wall (?view=wall) at 1920×1080 and picks the `--tiles` layout; then as many
// feeds as tiles go live in 西湖法院's media room, and the wall fills its empty slots with them by
// itself. The feeds are one ffmpeg testsrc2 encode (VP8, 320×180 at 25 fps, 160 kb/s: the size and
// bitrate of the field's low simulcast layer) sent to one PlainTransport producer per feed
// (tests/bench/benchFeeds.ts): sixteen browser publishers would take this machine's two cores
// before the wall got any. Prints one line:
// {"bench":"wall","tiles":16,"fps_min":…,"fps_median":…,"page_cpu_pct":…,"decoded_tiles":…,…}
// fps per tile is the delta of its data-frames-decoded (inbound-rtp framesDecoded, as the tile reads
// it each second) over the window; page CPU is the console's renderer process (DevTools ProcessTime).
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import type { Page } from 'playwright-core';
import { ROOT_DIR } from '../../config/load.ts';
import { launchBrowser, signIn } from '../support/browser.ts';
import { startServer } from '../support/server.ts';
import { COURTS } from '../support/world.ts';
import { startBenchFeeds } from './benchFeeds.ts';
import { pctOfCore, watchBrowserCpu, watchPageCpu } from './chromeCpu.ts';
import { progress, round } from './benchOutput.ts';
import { cpuSeconds, ifRunning, loadAverage, machineBusySeconds } from './procStats.ts';

const note = progress('wall');

const LAYOUTS = [1, 4, 9, 16, 25, 36];
const FEED = { width: 320, height: 180, frameRate: 25, bitrate: 160_000 };
/** After every tile decodes: their key frames and layer requests are over before the window. */
const SETTLE_S = 5;

interface TileReading {
  feedId: string;
  frames: number;
  presented: number;
  state: string;
  layer: string;
  wanted: string;
  width: number;
}

/** Every tile's decoded frames (its data attributes) and frames presented (counted here by requestVideoFrameCallback). */
function readTiles(page: Page): Promise<TileReading[]> {
  return page.evaluate(() => {
    const counted = new WeakMap<HTMLVideoElement, { presented: number }>();
    const w = window as unknown as { __wallCounts?: WeakMap<HTMLVideoElement, { presented: number }> };
    const counts = (w.__wallCounts ??= counted);
    return [...document.querySelectorAll<HTMLElement>('[data-testid="feed-tile"]')].map((tile) => {
      const video = tile.querySelector('video');
      if (video && !counts.has(video)) {
        const entry = { presented: 0 };
        counts.set(video, entry);
        const onFrame = (_: number, meta: VideoFrameCallbackMetadata) => {
          entry.presented = meta.presentedFrames;
          video.requestVideoFrameCallback(onFrame);
        };
        video.requestVideoFrameCallback(onFrame);
      }
      return {
        feedId: tile.dataset['feedId'] ?? '',
        frames: Number(tile.dataset['framesDecoded'] ?? 0),
        presented: video ? (counts.get(video)?.presented ?? 0) : 0,
        state: tile.dataset['state'] ?? '',
        layer: tile.dataset['layer'] ?? '',
        wanted: tile.dataset['wantedLayer'] ?? '',
        width: video?.videoWidth ?? 0,
      };
    });
  });
}

/** Inbound video keys summed over the console's peer connections (cumulative). */
const INBOUND_KEYS = ['framesReceived', 'framesDecoded', 'framesDropped', 'packetsReceived', 'packetsLost', 'freezeCount', 'pliCount', 'nackCount', 'jitterBufferDelay', 'jitterBufferEmittedCount'] as const;
type Inbound = Record<(typeof INBOUND_KEYS)[number], number>;

/**
 * Keeps every RTCPeerConnection the console page makes in window.__benchPcs (the class is wrapped
 * before the page's scripts run; it behaves as before), so the bench can read WebRTC's own receive
 * figures beside the tiles' data attributes: why a tile decodes fewer frames than the source sends.
 */
async function watchPeerConnections(page: Page): Promise<() => Promise<Inbound>> {
  await page.addInitScript(() => {
    const Native = window.RTCPeerConnection;
    const pcs: RTCPeerConnection[] = [];
    Object.assign(window, { __benchPcs: pcs });
    window.RTCPeerConnection = class extends Native {
      constructor(config?: RTCConfiguration) {
        super(config);
        pcs.push(this);
      }
    };
  });
  return () =>
    page.evaluate(async (keys) => {
      const sums: Record<string, number> = Object.fromEntries(keys.map((k) => [k, 0]));
      const pcs = (window as unknown as { __benchPcs?: RTCPeerConnection[] }).__benchPcs ?? [];
      for (const pc of pcs) {
        (await pc.getStats()).forEach((s: Record<string, unknown>) => {
          if (s['type'] !== 'inbound-rtp' || s['kind'] !== 'video') return;
          for (const k of keys) sums[k] = (sums[k] ?? 0) + (typeof s[k] === 'number' ? s[k] : 0);
        });
      }
      return sums as Inbound;
    }, INBOUND_KEYS);
}

/** What WebRTC's stats say over the window, summed over the tiles. */
function inboundFigures(a: Inbound, b: Inbound, dt: number, tiles: number): Record<string, number | null> {
  const d = (k: keyof Inbound) => b[k] - a[k];
  return {
    stats_frames_received_per_tile_s: round(d('framesReceived') / dt / tiles, 1),
    stats_frames_decoded_per_tile_s: round(d('framesDecoded') / dt / tiles, 1),
    stats_frames_dropped: d('framesDropped'),
    stats_packets_lost: d('packetsLost'),
    stats_freezes: d('freezeCount'),
    stats_plis_sent: d('pliCount'),
    stats_nacks_sent: d('nackCount'),
    stats_jitter_buffer_ms: d('jitterBufferEmittedCount') > 0 ? round((d('jitterBufferDelay') / d('jitterBufferEmittedCount')) * 1000, 1) : null,
  };
}

/** Runs the benchmark with `--tiles` (a layout: 1, 4, 9, 16, 25 or 36; default 16) and `--seconds` (default 20). */
export async function run(flags: Record<string, string | undefined>): Promise<void> {
  const tiles = Number(flags['tiles'] ?? 16);
  const seconds = Number(flags['seconds'] ?? 20);
  if (!LAYOUTS.includes(tiles) || !(seconds > 0)) throw new TypeError(`--tiles must be one of ${LAYOUTS.join(', ')}; --seconds positive`);
  if (!existsSync(path.join(ROOT_DIR, 'dist', 'renderer', 'console'))) throw new Error('dist/renderer has no console: run `npm run build` first');
  const loadBefore = loadAverage();
  const server = await startServer();
  const browser = await launchBrowser();
  let stopFeeds: (() => Promise<void>) | null = null;
  const problems: string[] = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    page.on('pageerror', (e) => problems.push(e.message));
    const inbound = await watchPeerConnections(page);
    note(`控制台登录，${tiles} 宫格 / console signing in, ${tiles} tiles…`);
    await signIn(page, `${server.url}/console`, 'hz.operator');
    await page.goto(`${server.url}/console?view=wall`);
    await page.getByTestId('video-wall').waitFor({ timeout: 15_000 });
    await page.getByTestId(`wall-layout-${tiles}`).click();
    await page.locator(`[data-testid="wall-grid"][data-size="${tiles}"]`).waitFor({ timeout: 5_000 });

    const db = server.store.db;
    const officer = await db.selectFrom('users').select(['id', 'display_name']).where('username', '=', 'xihu.field').executeTakeFirstOrThrow();
    const team = await db.selectFrom('teams').select(['id', 'name']).where('court_id', '=', COURTS.xihu.id).executeTakeFirst();
    note(`${tiles} 路画面上线（一个 ffmpeg 编码，${FEED.width}×${FEED.height}）/ ${tiles} feeds going live (one ffmpeg encode, ${FEED.width}×${FEED.height})…`);
    const feeds = await startBenchFeeds(server.media, {
      count: tiles,
      courtId: COURTS.xihu.id,
      owner: { userId: officer.id, officer: officer.display_name, courtName: COURTS.xihu.short, teamId: team?.id ?? null, teamName: team?.name ?? null, actionId: null, caseNumber: null },
      ...FEED,
    });
    stopFeeds = feeds.stop;
    const ffmpegPid = feeds.process.pid ?? 0;

    await page
      .waitForFunction(
        (n) => [...document.querySelectorAll('[data-testid="feed-tile"]')].filter((t) => Number(t.getAttribute('data-frames-decoded') ?? 0) > 0).length >= n,
        tiles,
        { timeout: 30_000, polling: 500 },
      )
      .catch(() => note('并非每个宫格都在解码，照常测量 / not every tile decodes; measuring anyway'));
    await readTiles(page);
    await delay(SETTLE_S * 1000);

    const pageCpu = await watchPageCpu(page);
    const chrome = await watchBrowserCpu(browser);
    const t0 = performance.now();
    const before = { tiles: await readTiles(page), page: await pageCpu.read(), chrome: await chrome.read(), ffmpeg: ifRunning(() => cpuSeconds(ffmpegPid)), busy: machineBusySeconds(), encoded: feeds.framesEncoded(), rtc: await inbound() };
    await delay(seconds * 1000);
    const after = { tiles: await readTiles(page), page: await pageCpu.read(), chrome: await chrome.read(), ffmpeg: ifRunning(() => cpuSeconds(ffmpegPid)), busy: machineBusySeconds(), encoded: feeds.framesEncoded(), rtc: await inbound() };
    const dt = (performance.now() - t0) / 1000;

    const start = new Map(before.tiles.map((t) => [t.feedId, t]));
    const perTile = after.tiles.map((t) => {
      const s = start.get(t.feedId);
      return { fps: s ? (t.frames - s.frames) / dt : 0, presentedFps: s ? (t.presented - s.presented) / dt : 0, t };
    });
    const fps = perTile.map((p) => p.fps).sort((a, b) => a - b);
    const presented = perTile.map((p) => p.presentedFps).sort((a, b) => a - b);
    const count = <K extends 'state' | 'layer' | 'wanted' | 'width'>(key: K) => Object.fromEntries([...new Set(after.tiles.map((t) => String(t[key])))].map((v) => [v || 'none', after.tiles.filter((t) => String(t[key]) === v).length]));
    console.log(
      JSON.stringify({
        bench: 'wall',
        tiles,
        tiles_shown: after.tiles.length,
        fps_min: fps.length ? round(fps[0]!, 1) : null,
        fps_median: fps.length ? round(median(fps), 1) : null,
        fps_max: fps.length ? round(fps[fps.length - 1]!, 1) : null,
        fps_per_tile: perTile.map((p) => round(p.fps, 1)),
        presented_fps_median: presented.length ? round(median(presented), 1) : null,
        source_fps: FEED.frameRate,
        source_fps_measured: round((after.encoded - before.encoded) / dt, 1),
        ...inboundFigures(before.rtc, after.rtc, dt, after.tiles.length || 1),
        decoded_tiles: perTile.filter((p) => p.fps > 0).length,
        tile_states: count('state'),
        tile_layers: count('layer'),
        tile_wanted_layers: count('wanted'),
        tile_video_widths: count('width'),
        page_cpu_pct: pctOfCore(before.page.processS, after.page.processS, dt),
        page_main_thread_busy_pct: pctOfCore(before.page.mainThreadS, after.page.mainThreadS, dt),
        chromium_gpu_cpu_pct: pctOfCore(before.chrome.gpuS, after.chrome.gpuS, dt),
        chromium_cpu_pct: pctOfCore(before.chrome.allS, after.chrome.allS, dt),
        source_ffmpeg_cpu_pct: before.ffmpeg !== null && after.ffmpeg !== null ? pctOfCore(before.ffmpeg, after.ffmpeg, dt) : null,
        feeds_method: `${tiles} PlainTransport producers in one court room, fed by one ffmpeg testsrc2 VP8 encode (${FEED.width}x${FEED.height}@${FEED.frameRate}, ${FEED.bitrate / 1000} kb/s, the low simulcast layer's size, a key frame every 0.5 s since ffmpeg answers no PLI) through its tee muxer; each a Feed of its own terminal, announced by feed:added; single-layer, so the SFU has no layer to switch: data-layer stays empty whatever layer the tile's size asks for (data-wanted-layer)`,
        page_cpu_method: 'DevTools Performance.getMetrics ProcessTime of the console page\'s renderer (all its threads: decoding, compositing, React); main thread busy from TaskDuration (wall time in tasks, waits for a core included); GPU process and all of Chromium from SystemInfo.getProcessInfo (SwiftShader: software compositing)',
        viewport: '1920x1080',
        seconds: round(dt, 1),
        machine_busy_pct: pctOfCore(before.busy, after.busy, dt * os.availableParallelism()),
        load_avg_before: loadBefore,
        load_avg_after: loadAverage(),
        cores: os.availableParallelism(),
        page_errors: problems.slice(0, 3),
      }),
    );
  } finally {
    await stopFeeds?.();
    await browser.close();
    await server.close();
  }
}

function median(sorted: readonly number[]): number {
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}



