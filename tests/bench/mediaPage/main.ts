// The media bench's page (tests/bench/media.ts bundles it with esbuild and serves it on the server's
// own origin). As the publisher it signs in as a field terminal and publishes a canvas through the
// product's MediaClient (VP8 simulcast, the server's layers), drawing Date.now() into every frame as a
// time code. As the consumers it opens N console sockets, each consuming the feed on its own receive
// transport, as N consoles watching one feed would; the first (the probe) shows its video and reads
// the time code back from every frame it presents. The driver calls window.__media.
import type { FeedInfo } from '../../../protocol/media.ts';
import { MediaClient } from '../../../renderer/lib/media.ts';
import { connect, type Connection } from '../../../renderer/lib/socket.ts';
import type { Subscription } from '../../../renderer/lib/Subscription.ts';
import { codeRegion, drawTimeCode, readTimeCode } from './timeCode.ts';

/** What the probe read since the last `takeLatencies()`. */
export interface ProbeReadings {
  latencies: number[];
  unreadable: number;
}

/** Receiver figures summed over every consumer, and the probe's own (WebRTC stats, cumulative). */
export interface ConsumerStats {
  framesDecoded: number;
  packetsReceived: number;
  packetsLost: number;
  decoding: number;
  probe: Record<string, number>;
}

/** One simulcast layer at the publisher (outbound-rtp, cumulative). */
export interface LayerStats {
  rid: string;
  width: number;
  height: number;
  framesEncoded: number;
  totalEncodeTime: number;
  packetsSent: number;
  totalPacketSendDelay: number;
  framesPerSecond: number;
  /** Why the encoder sends less than asked: 'none', 'cpu', 'bandwidth' or 'other'. */
  limitation: string;
}

export interface MediaBenchApi {
  publish(token: string): Promise<{ feedId: string; width: number; height: number; frameRate: number }>;
  publisherStats(): Promise<LayerStats[]>;
  consume(token: string, feed: FeedInfo, n: number, concurrency: number): Promise<{ subscribed: number; failures: string[] }>;
  consumerStats(): Promise<ConsumerStats>;
  takeLatencies(): ProbeReadings;
}

declare global {
  interface Window {
    __media?: MediaBenchApi;
  }
}

const SERVER = new URLSearchParams(location.search).get('server') ?? location.origin;
const connections: Connection[] = [];
const subs: Subscription[] = [];
let readings: ProbeReadings = { latencies: [], unreadable: 0 };

function ready(conn: Connection): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no session:ready within 10 s (${conn.lastError.get() ?? 'no error'})`)), 10_000);
    const check = () => {
      if (conn.state.get() !== 'connected') return;
      clearTimeout(timer);
      off();
      resolve();
    };
    const off = conn.state.subscribe(check);
    check();
  });
}

/** The inbound-rtp and outbound-rtp entries of a stats report, as plain objects. */
function rtpEntries(report: RTCStatsReport, type: 'inbound-rtp' | 'outbound-rtp'): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  report.forEach((s: Record<string, unknown>) => {
    if (s['type'] === type && s['kind'] === 'video') out.push(s);
  });
  return out;
}

const num = (v: unknown): number => (typeof v === 'number' ? v : 0);

let publisherProducer: { getStats(): Promise<RTCStatsReport> } | null = null;

async function publish(token: string): Promise<{ feedId: string; width: number; height: number; frameRate: number }> {
  const conn = connect({ client: 'field', token, terminalId: crypto.randomUUID(), label: '基准源' }, SERVER);
  connections.push(conn);
  await ready(conn);
  const media = new MediaClient(conn.socket);
  const { setup } = await media.setup();
  const { width, height, frameRate } = setup.capture;
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  // Not in the document and read on the CPU: nothing composites it, and SwiftShader (this machine's
  // software GPU) does not rasterise it; captureStream takes each frame at requestFrame().
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('no 2d context');
  const stream = canvas.captureStream(0);
  const track = stream.getVideoTracks()[0] as CanvasCaptureMediaStreamTrack | undefined;
  if (!track) throw new Error('canvas gave no track');
  let frame = 0;
  // A camera's picture changes everywhere a little: a moving bar and a grey ramp keep the encoder busy
  // as a scene would; the code and its text are drawn last, at the moment the frame is taken.
  const draw = () => {
    frame++;
    ctx.fillStyle = '#234';
    ctx.fillRect(0, 0, width, height);
    const x = ((frame * 8) % (width + 200)) - 200;
    ctx.fillStyle = '#c84';
    ctx.fillRect(x, height * 0.45, 200, height * 0.4);
    ctx.fillStyle = `rgb(${frame % 256},${(frame * 3) % 256},90)`;
    ctx.fillRect(width * 0.7, height * 0.5, width * 0.25, height * 0.3);
    drawTimeCode(ctx, width, height, Date.now());
    track.requestFrame();
  };
  draw();
  setInterval(draw, 1000 / frameRate);
  const [producer] = await media.publish([track]);
  if (!producer) throw new Error('no producer');
  publisherProducer = producer;
  return { feedId: producer.id, width, height, frameRate };
}

/** Per simulcast layer: what the encoder did (cumulative), to set beside the glass-to-glass figure. */
async function publisherStats(): Promise<LayerStats[]> {
  if (!publisherProducer) return [];
  return rtpEntries(await publisherProducer.getStats(), 'outbound-rtp').map((s) => ({
    rid: typeof s['rid'] === 'string' ? s['rid'] : '',
    limitation: typeof s['qualityLimitationReason'] === 'string' ? s['qualityLimitationReason'] : '',
    width: num(s['frameWidth']),
    height: num(s['frameHeight']),
    framesEncoded: num(s['framesEncoded']),
    totalEncodeTime: num(s['totalEncodeTime']),
    packetsSent: num(s['packetsSent']),
    totalPacketSendDelay: num(s['totalPacketSendDelay']),
    framesPerSecond: num(s['framesPerSecond']),
  }));
}

/** The probe: reads the code of every frame the video presents; latency = now − the coded time. */
function probe(sub: Subscription): void {
  const video = document.createElement('video');
  video.muted = true;
  video.autoplay = true;
  video.playsInline = true;
  video.style.width = '160px';
  video.srcObject = new MediaStream([sub.track]);
  document.body.append(video);
  void video.play();
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('no 2d context');
  const onFrame = () => {
    const now = Date.now();
    const w = video.videoWidth;
    const h = video.videoHeight;
    if (w > 0 && h > 0) {
      const r = codeRegion(w, h);
      if (canvas.width !== w || canvas.height !== r.height) {
        canvas.width = w;
        canvas.height = r.height;
      }
      ctx.drawImage(video, 0, 0, w, r.height, 0, 0, w, r.height);
      const code = readTimeCode(ctx.getImageData(0, 0, w, r.height).data, w, h);
      // A code from the future or older than a minute is a misread the check let through.
      if (code !== null && now - code >= 0 && now - code < 60_000) readings.latencies.push(now - code);
      else readings.unreadable++;
    }
    video.requestVideoFrameCallback(onFrame);
  };
  video.requestVideoFrameCallback(onFrame);
}

async function consume(token: string, feed: FeedInfo, n: number, concurrency: number): Promise<{ subscribed: number; failures: string[] }> {
  const failures: string[] = [];
  let next = 0;
  const one = async (i: number) => {
    const conn = connect({ client: 'console', token }, SERVER);
    connections.push(conn);
    await ready(conn);
    const sub = await new MediaClient(conn.socket).subscribe(feed);
    subs[i] = sub;
    if (i === 0) probe(sub);
  };
  const lane = async () => {
    for (let i = next++; i < n; i = next++) {
      try {
        await one(i);
      } catch (err) {
        failures.push(err instanceof Error ? err.message : String(err));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, lane));
  return { subscribed: subs.filter(Boolean).length, failures: failures.slice(0, 5) };
}

async function consumerStats(): Promise<ConsumerStats> {
  const all = await Promise.all(subs.filter(Boolean).map(async (sub) => rtpEntries(await sub.consumer.getStats(), 'inbound-rtp')[0] ?? {}));
  const sum = (key: string) => all.reduce((a, s) => a + num(s[key]), 0);
  const first = all[0] ?? {};
  const probeKeys = ['framesReceived', 'framesDropped', 'packetsReceived', 'framesDecoded', 'jitterBufferDelay', 'jitterBufferEmittedCount', 'totalProcessingDelay', 'totalDecodeTime', 'frameWidth', 'frameHeight', 'framesPerSecond', 'packetsLost', 'freezeCount'];
  return {
    framesDecoded: sum('framesDecoded'),
    packetsReceived: sum('packetsReceived'),
    packetsLost: sum('packetsLost'),
    decoding: all.filter((s) => num(s['framesDecoded']) > 0).length,
    probe: Object.fromEntries(probeKeys.map((k) => [k, num(first[k])])),
  };
}

window.__media = {
  publish,
  publisherStats,
  consume,
  consumerStats,
  takeLatencies() {
    const taken = readings;
    readings = { latencies: [], unreadable: 0 };
    return taken;
  },
};
