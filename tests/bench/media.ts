// Benchmark `media`: one simulcast publisher and N consumers through the real SFU. A server runs in
// this process (the test world, one mediasoup worker); Chromium runs two bench pages on its origin
// (tests/bench/mediaPage, bundled with esbuild, served from a port the server trusts): a field terminal (xihu.field) publishing a 1280×720
// canvas through the product's MediaClient (VP8 simulcast, the configured three layers) with
// Date.now() drawn into every frame as 48 blocks, and N consoles (hz.operator), each its own socket
// and receive transport consuming the feed on the low layer, the first of them (the probe) reading
// the time code back from every frame it presents. Prints one line:
// {"bench":"media","consumers":N,"packets_per_s":…,"worker_cpu_ms_per_s":…,"cpu_ms_per_consumer_s":…,"latency_p50_ms":…,"latency_p99_ms":…,…}
// worker CPU is mediasoup's getResourceUsage() over the window; per consumer it is (that − the same
// with the publisher alone) / N. Latency is glass to glass (drawn → presented at the probe), beside
// what WebRTC's own stats account for (encode, pacing, jitter buffer, decode).
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import type { Page } from 'playwright-core';
import type { FeedInfo } from '../../protocol/media.ts';
import { launchBrowser } from '../support/browser.ts';
import { login, startServer } from '../support/server.ts';
import { bundlePage, servePage } from './benchPage.ts';
import { pctOfCore, watchBrowserCpu, watchPageCpu } from './chromeCpu.ts';
import type { ConsumerStats, LayerStats, MediaBenchApi } from './mediaPage/main.ts';
import { progress, round } from './benchOutput.ts';
import { loadAverage, machineBusySeconds } from './procStats.ts';
import { percentile } from './server.ts';
import { rates, SfuWatch } from './sfuWatch.ts';

const note = progress('media');

/** The publisher alone, measured for the baseline after its encoder has settled. */
const PUBLISHER_SETTLE_S = 4;
const BASELINE_S = 10;
/** After the last consumer subscribed: their key frames and layer switches are over before the window. */
const CONSUMERS_SETTLE_S = 5;
const SUBSCRIBE_CONCURRENCY = 8;

/** Runs the benchmark with `--consumers` (default 30) and `--seconds` (the window, default 20), and prints its line. */
export async function run(flags: Record<string, string | undefined>): Promise<void> {
  const consumers = Number(flags['consumers'] ?? 30);
  const seconds = Number(flags['seconds'] ?? 20);
  if (!Number.isInteger(consumers) || consumers < 1 || consumers > 1000 || !(seconds > 0)) {
    throw new TypeError('--consumers must be an integer in 1..1000, --seconds positive');
  }
  const loadBefore = loadAverage();
  const began = performance.now();
  note('正在打包基准页面… / bundling the bench page…');
  const script = await bundlePage('tests/bench/mediaPage/main.ts');
  const pages = await servePage('media bench', script);
  const sfu = new SfuWatch();
  const server = await startServer({ TRUSTED_ORIGINS: pages.origin });
  const browser = await launchBrowser();
  const problems: string[] = [];
  try {
    const open = async (label: string): Promise<Page> => {
      // A context each: the publisher and the consumers get renderer processes of their own.
      const context = await browser.newContext({ viewport: { width: 800, height: 600 } });
      const page = await context.newPage();
      page.on('pageerror', (e) => problems.push(`${label}: ${e.message}`));
      await page.goto(`${pages.origin}/?server=${encodeURIComponent(server.url)}`);
      await page.waitForFunction(() => window.__media !== undefined, undefined, { timeout: 10_000 });
      return page;
    };
    const api = <K extends keyof MediaBenchApi>(page: Page, name: K, ...args: Parameters<MediaBenchApi[K]>): Promise<Awaited<ReturnType<MediaBenchApi[K]>>> =>
      page.evaluate(([n, a]) => (window.__media![n] as (...x: unknown[]) => unknown)(...a), [name, args] as const) as Promise<Awaited<ReturnType<MediaBenchApi[K]>>>;

    note('发布端启动（画布 + 时间码，VP8 联播）/ publisher starting (canvas with time code, VP8 simulcast)…');
    const publisher = await open('publisher');
    const published = await api(publisher, 'publish', await login(server, 'xihu.field'));
    const feed: FeedInfo = server.media.find(published.feedId)?.feed.info ?? fail(`feed ${published.feedId} not live on the SFU`);
    await delay(PUBLISHER_SETTLE_S * 1000);
    const base0 = await sfu.sample('start');
    await delay(BASELINE_S * 1000);
    const baseline = rates(base0, await sfu.sample('end'));
    note(`仅发布端：工作进程 ${baseline.cpuMsPerS.toFixed(1)} ms/s / publisher alone: worker ${baseline.cpuMsPerS.toFixed(1)} ms/s`);

    note(`正在订阅 ${consumers} 个消费者… / subscribing ${consumers} consumers…`);
    const consumerPage = await open('consumers');
    const subscribed = await api(consumerPage, 'consume', await login(server, 'hz.operator'), feed, consumers, SUBSCRIBE_CONCURRENCY);
    note(`已订阅 ${subscribed.subscribed}/${consumers}，用时 ${((performance.now() - began) / 1000).toFixed(0)} s / subscribed ${subscribed.subscribed}/${consumers} at ${((performance.now() - began) / 1000).toFixed(0)} s`);
    if (subscribed.failures.length > 0) note(`订阅失败 / subscribe failures: ${subscribed.failures.join(' | ')}`);
    await consumerPage
      .waitForFunction(async (n) => (await window.__media!.consumerStats()).decoding >= n, subscribed.subscribed, { timeout: 20_000, polling: 1_000 })
      .catch(() => note('并非所有消费者都在解码，照常测量 / not every consumer decodes; measuring anyway'));
    await delay(CONSUMERS_SETTLE_S * 1000);

    const pubCpu = await watchPageCpu(publisher);
    const conCpu = await watchPageCpu(consumerPage);
    const chrome = await watchBrowserCpu(browser);
    const cpu0 = { pub: await pubCpu.read(), con: await conCpu.read(), chrome: await chrome.read() };
    const stats0 = { con: await api(consumerPage, 'consumerStats'), pub: await api(publisher, 'publisherStats') };
    await api(consumerPage, 'takeLatencies');
    const win0 = await sfu.sample('start');
    const busy0 = machineBusySeconds();
    await delay(seconds * 1000);
    const busy1 = machineBusySeconds();
    const win1 = await sfu.sample('end');
    const readings = await api(consumerPage, 'takeLatencies');
    const stats1 = { con: await api(consumerPage, 'consumerStats'), pub: await api(publisher, 'publisherStats') };
    const cpu1 = { pub: await pubCpu.read(), con: await conCpu.read(), chrome: await chrome.read() };
    const measured = rates(win0, win1);

    const latencies = readings.latencies.sort((a, b) => a - b);
    const perConsumer = (measured.cpuMsPerS - baseline.cpuMsPerS) / subscribed.subscribed;
    const wall = measured.seconds;
    console.log(
      JSON.stringify({
        bench: 'media',
        consumers,
        consumers_subscribed: subscribed.subscribed,
        consumers_decoding: stats1.con.decoding,
        consumers_on_sfu: sfu.liveConsumers,
        consumers_method: `${consumers} real WebRTC consumers in one Chromium page: one console socket and one receive transport each (as ${consumers} consoles), low layer, decoded by Chromium; only the probe's video is attached and drawn`,
        packets_per_s: Math.round(measured.packetsOutPerS),
        packets_in_per_s: Math.round(measured.packetsInPerS),
        mbps_out: round(measured.mbpsOut, 2),
        worker_cpu_ms_per_s: round(measured.cpuMsPerS, 1),
        baseline_worker_cpu_ms_per_s: round(baseline.cpuMsPerS, 1),
        baseline_packets_in_per_s: Math.round(baseline.packetsInPerS),
        cpu_ms_per_consumer_s: round(perConsumer, 3),
        // The cost follows the packets: when the machine is too busy for the publisher's three layers,
        // fewer packets reach each consumer and the per-consumer figure falls with them.
        packets_per_consumer_s: round(measured.packetsOutPerS / subscribed.subscribed, 1),
        cpu_us_per_packet_out: measured.packetsOutPerS > 0 ? round(((measured.cpuMsPerS - baseline.cpuMsPerS) / measured.packetsOutPerS) * 1000, 1) : null,
        consumers_per_worker_at_100pct: perConsumer > 0 ? Math.floor((1000 - baseline.cpuMsPerS) / perConsumer) : null,
        latency_p50_ms: latencies.length ? percentile(latencies, 50) : null,
        latency_p99_ms: latencies.length ? percentile(latencies, 99) : null,
        latency_samples: latencies.length,
        latency_unreadable: readings.unreadable,
        latency_method: 'glass to glass: Date.now() drawn as 48 blocks into the publisher\'s canvas (captureStream, requestFrame per frame), read back at the probe consumer from each frame requestVideoFrameCallback presents (drawn to a canvas); latency = Date.now() there − the code; both pages on one machine, one clock',
        ...accounted(receiverStats(stats0.con, stats1.con, wall), senderStats(stats0.pub, stats1.pub)),
        publisher_layers: layersOf(stats1.pub),
        publisher_page_cpu_pct: pctOfCore(cpu0.pub.processS, cpu1.pub.processS, wall),
        consumers_page_cpu_pct: pctOfCore(cpu0.con.processS, cpu1.con.processS, wall),
        chromium_gpu_cpu_pct: pctOfCore(cpu0.chrome.gpuS, cpu1.chrome.gpuS, wall),
        chromium_cpu_pct: pctOfCore(cpu0.chrome.allS, cpu1.chrome.allS, wall),
        seconds: round(wall, 1),
        baseline_seconds: round(baseline.seconds, 1),
        bench_seconds: Math.round((performance.now() - began) / 1000),
        machine_busy_pct: pctOfCore(busy0, busy1, measured.seconds * os.availableParallelism()),
        load_avg_before: loadBefore,
        load_avg_after: loadAverage(),
        cores: os.availableParallelism(),
        page_errors: problems.slice(0, 3),
      }),
    );
  } finally {
    await browser.close();
    await server.close();
    sfu.close();
    await pages.close();
  }
}

/** The probe's WebRTC receive figures over the window, and every consumer's decoded frame rate. */
function receiverStats(a: ConsumerStats, b: ConsumerStats, seconds: number): Record<string, number | null> {
  const d = (k: string) => (b.probe[k] ?? 0) - (a.probe[k] ?? 0);
  const per = (total: string, count: string) => (d(count) > 0 ? round((d(total) / d(count)) * 1000, 1) : null);
  return {
    stats_jitter_buffer_ms: per('jitterBufferDelay', 'jitterBufferEmittedCount'),
    stats_receive_to_decoded_ms: per('totalProcessingDelay', 'framesDecoded'),
    stats_decode_ms: per('totalDecodeTime', 'framesDecoded'),
    probe_fps: round(d('framesDecoded') / seconds, 1),
    probe_width: b.probe['frameWidth'] ?? null,
    probe_freezes: d('freezeCount'),
    probe_frames_dropped: d('framesDropped'),
    consumers_fps_mean: b.decoding > 0 ? round((b.framesDecoded - a.framesDecoded) / seconds / b.decoding, 1) : null,
    packets_lost_at_consumers: b.packetsLost - a.packetsLost,
  };
}

/** The low layer's (rid r0: what the probe receives) encode time and pacing delay at the publisher over the window. */
function senderStats(a: LayerStats[], b: LayerStats[]): Record<string, number | string | null> {
  const la = a.find((l) => l.rid === 'r0');
  const lb = b.find((l) => l.rid === 'r0');
  if (!la || !lb) return { stats_encode_ms: null, stats_send_delay_ms: null };
  const frames = lb.framesEncoded - la.framesEncoded;
  const packets = lb.packetsSent - la.packetsSent;
  return {
    stats_encode_ms: frames > 0 ? round(((lb.totalEncodeTime - la.totalEncodeTime) / frames) * 1000, 1) : null,
    stats_send_delay_ms: packets > 0 ? round(((lb.totalPacketSendDelay - la.totalPacketSendDelay) / packets) * 1000, 1) : null,
  };
}

/** Each layer at the end of the window, lowest first: rid, size, frame rate, and what limited it. */
function layersOf(layers: LayerStats[]): string[] {
  return [...layers].sort((x, y) => x.rid.localeCompare(y.rid)).map((l) => `${l.rid} ${l.width}x${l.height}@${l.framesPerSecond} ${l.limitation}`.trim());
}

/**
 * The receive and send figures, and their sum: the part of glass to glass that WebRTC's stats account
 * for (encode, pacing, receipt to decoded). The rest is capture, the network and the SFU, and rendering.
 */
function accounted(rx: Record<string, number | null>, tx: Record<string, number | string | null>): Record<string, number | string | null> {
  const parts = [tx['stats_encode_ms'], tx['stats_send_delay_ms'], rx['stats_receive_to_decoded_ms']];
  const sum = parts.every((p): p is number => typeof p === 'number') ? round(parts.reduce((a, b) => a + b, 0), 1) : null;
  return { ...rx, ...tx, stats_accounted_ms: sum };
}

function fail(message: string): never {
  throw new Error(message);
}



