// Many live feeds for a wall benchmark at the cost of one encoder: one ffmpeg encodes testsrc2 as VP8
// (libvpx, real time) once and its tee muxer sends the same RTP to N comedia PlainTransports of a
// court's media room, one producer each. Each producer becomes a Feed of its own terminal and is
// added to the room, so the server announces it (feed:added) as it announces a field page's.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import type { PlainTransport } from 'mediasoup/types';
import { Feed, type FeedOwner } from '../../server/media/Feed.ts';
import type { MediaService } from '../../server/media/index.ts';
import { stopProcess, untilFlowing } from '../support/rtpSource.ts';

export interface BenchFeedsOptions {
  count: number;
  /** The court whose media room the feeds are published into. */
  courtId: string;
  /** Who the feeds belong to; each gets a terminal of its own. */
  owner: Omit<FeedOwner, 'terminalId' | 'label' | 'courtId'>;
  width: number;
  height: number;
  frameRate: number;
  /** VP8 target bitrate, b/s. */
  bitrate: number;
}

export interface BenchFeeds {
  feeds: Feed[];
  /** The one ffmpeg (its pid for CPU figures). */
  process: ChildProcess;
  /** Frames ffmpeg has encoded so far (its -progress report, every half second): did the source keep its rate? */
  framesEncoded(): number;
  /** Stops ffmpeg and closes the transports (the feeds end, consoles are told); a second call does nothing. */
  stop(): Promise<void>;
}

// What ffmpeg's RTP muxer writes, as the producers declare it (tests/support/rtpSource.ts uses the same).
const SSRC = 22_222_222;
const PAYLOAD_TYPE = 101;

/** Starts the feeds; resolves once every producer receives RTP and every feed is announced. */
export async function startBenchFeeds(media: MediaService, opts: BenchFeedsOptions): Promise<BenchFeeds> {
  const room = await media.room(`court:${opts.courtId}`);
  const transports: PlainTransport[] = [];
  let child: ChildProcess | null = null;
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    if (child) await stopProcess(child);
    for (const t of transports) t.close();
  };
  try {
    const producers = [];
    for (let i = 0; i < opts.count; i++) {
      const t = await room.router.createPlainTransport({ listenInfo: { protocol: 'udp', ip: '127.0.0.1' }, rtcpMux: false, comedia: true });
      transports.push(t);
      producers.push(
        await t.produce({
          kind: 'video',
          rtpParameters: { codecs: [{ mimeType: 'video/VP8', payloadType: PAYLOAD_TYPE, clockRate: 90_000 }], encodings: [{ ssrc: SSRC }] },
          appData: { source: 'benchFeeds' },
        }),
      );
    }
    const gop = Math.max(1, Math.round(opts.frameRate / 2));
    const slaves = transports.map((t) => `[f=rtp:ssrc=${SSRC}:payload_type=${PAYLOAD_TYPE}]rtp://127.0.0.1:${t.tuple.localPort}?rtcpport=${t.rtcpTuple?.localPort ?? 0}&pkt_size=1200`);
    const args = [
      '-hide_banner', '-loglevel', 'error', '-nostats', '-re', '-f', 'lavfi', '-i', `testsrc2=size=${opts.width}x${opts.height}:rate=${opts.frameRate}`,
      '-map', '0:v:0', '-c:v', 'libvpx', '-b:v', String(opts.bitrate), '-deadline', 'realtime', '-cpu-used', '8',
      // ffmpeg reads no RTCP, so a tile's key-frame request (after a frame it dropped) goes unanswered
      // as a phone would answer it: a key frame every half second stands in.
      '-g', String(gop), '-keyint_min', String(gop), '-auto-alt-ref', '0', '-error-resilient', '1', '-pix_fmt', 'yuv420p',
      '-f', 'tee', slaves.join('|'),
      '-progress', 'pipe:1',
    ];
    const proc = spawn(process.env.FFMPEG_PATH ?? 'ffmpeg', args, { stdio: ['pipe', 'pipe', 'pipe'] });
    child = proc;
    let encoded = 0;
    let partial = '';
    proc.stdout?.on('data', (d: Buffer) => {
      const lines = (partial + d.toString()).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) if (line.startsWith('frame=')) encoded = Number(line.slice(6)) || encoded;
    });
    let stderr = '';
    proc.stderr?.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-4_000);
    });
    const exited = new Promise<never>((_, reject) => {
      proc.once('error', (err) => reject(new Error(`bench feeds: ffmpeg did not start: ${err.message}`)));
      proc.once('exit', (code, signal) => reject(new Error(`bench feeds: ffmpeg exited (${signal ?? code}): ${stderr}`)));
    });
    // Only raced below; an exit after start-up is stop()'s.
    exited.catch(() => undefined);
    await Promise.race([Promise.all(producers.map((p) => untilFlowing(p, 15_000))), exited]);
    const now = new Date();
    const feeds = producers.map((p, i) => {
      const label = `基准源 ${String(i + 1).padStart(2, '0')}`;
      const feed = new Feed(p, room.router, room.id, { ...opts.owner, courtId: opts.courtId, terminalId: randomUUID(), label }, now);
      room.addFeed(feed);
      return feed;
    });
    return { feeds, process: proc, framesEncoded: () => encoded, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
