import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, renameSync } from 'node:fs';
import type { PlainTransport, Producer, Router } from 'mediasoup/types';

/** What the test source sends. */
export interface RtpSourceOptions {
  router: Router;
  /** Also a sine tone as Opus (a second producer); default false. */
  audio?: boolean;
  width?: number;
  height?: number;
  frameRate?: number;
  /** VP8 target bitrate in b/s; default 1,500,000 (the top simulcast layer's order). */
  bitrate?: number;
  /**
   * Frames between key frames; default one second's worth. ffmpeg ignores the PLI a consumer sends
   * (it reads no RTCP back), so this is how soon a new consumer can decode.
   */
  gop?: number;
  /** Appended to the video filter chain (e.g. a drawtext time code); default none. */
  videoFilter?: string;
  /**
   * A VP8 WebM to send instead, looped and copied (no encoder: a source costs next to no CPU, for
   * benches that must not starve what they measure); `encodeClip()` makes one. Size, rate, bitrate
   * and gop are the file's; `audio` still adds the sine tone.
   */
  file?: string;
  /** ffmpeg binary; default FFMPEG_PATH or `ffmpeg` on PATH (Debian's). */
  ffmpeg?: string;
  /** How long to wait for the first RTP bytes at the producer; default 10 s. */
  flowTimeoutMs?: number;
}

/** A running test source: its producers on the router, and how to stop it. */
export interface RtpSource {
  video: Producer;
  audio: Producer | null;
  /** The ffmpeg process (its pid for CPU figures). */
  process: ChildProcess;
  /** Stops ffmpeg (q, then SIGKILL after 3 s) and closes the transports; a second call does nothing. */
  stop(): Promise<void>;
}

// Fixed SSRCs and payload types, as mediasoup-demo's broadcaster scripts use: the producer's
// rtpParameters must name what ffmpeg's RTP muxer writes.
const VIDEO = { ssrc: 22_222_222, payloadType: 101 } as const;
const AUDIO = { ssrc: 11_111_111, payloadType: 100 } as const;

/**
 * Publishes a synthetic camera (lavfi testsrc2, VP8 via libvpx, real time) and optionally a sine
 * tone (Opus) into `router` through PlainTransports in comedia mode, as a 4G unit or a GB28181 bridge
 * would: the producers behave like a field page's, without a browser. Resolves once the video
 * producer has received RTP.
 */
export async function startRtpSource(opts: RtpSourceOptions): Promise<RtpSource> {
  const width = opts.width ?? 1280;
  const height = opts.height ?? 720;
  const frameRate = opts.frameRate ?? 25;
  const gop = opts.gop ?? frameRate;
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
    const plain = async (): Promise<PlainTransport> => {
      // comedia: mediasoup learns ffmpeg's address from its first packet; RTCP on its own port, as ffmpeg sends it.
      const t = await opts.router.createPlainTransport({ listenInfo: { protocol: 'udp', ip: '127.0.0.1' }, rtcpMux: false, comedia: true });
      transports.push(t);
      return t;
    };
    const videoTransport = await plain();
    const video = await videoTransport.produce({
      kind: 'video',
      rtpParameters: { codecs: [{ mimeType: 'video/VP8', payloadType: VIDEO.payloadType, clockRate: 90_000 }], encodings: [{ ssrc: VIDEO.ssrc }] },
      appData: { source: 'rtpSource' },
    });
    let audio: Producer | null = null;
    let audioTransport: PlainTransport | null = null;
    if (opts.audio) {
      audioTransport = await plain();
      audio = await audioTransport.produce({
        kind: 'audio',
        rtpParameters: {
          codecs: [{ mimeType: 'audio/opus', payloadType: AUDIO.payloadType, clockRate: 48_000, channels: 2, parameters: { 'sprop-stereo': 1 } }],
          encodings: [{ ssrc: AUDIO.ssrc }],
        },
        appData: { source: 'rtpSource' },
      });
    }

    const args = ['-hide_banner', '-loglevel', 'error', '-nostats'];
    if (opts.file) {
      args.push('-re', '-stream_loop', '-1', '-i', opts.file);
      if (opts.audio) args.push('-re', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000');
      args.push('-map', '0:v:0', '-c:v', 'copy');
    } else {
      const filter = `testsrc2=size=${width}x${height}:rate=${frameRate}${opts.videoFilter ? `,${opts.videoFilter}` : ''}[out0]${opts.audio ? ';sine=frequency=440:sample_rate=48000[out1]' : ''}`;
      args.push('-re', '-f', 'lavfi', '-i', filter);
      args.push('-map', '0:v:0', ...vp8Encoder(opts.bitrate ?? 1_500_000, gop));
    }
    args.push('-ssrc', String(VIDEO.ssrc), '-payload_type', String(VIDEO.payloadType), '-f', 'rtp', rtpUrl(videoTransport));
    if (audioTransport) {
      args.push(
        '-map', opts.file ? '1:a:0' : '0:a:0', '-c:a', 'libopus', '-ac', '2', '-ar', '48000', '-b:a', '64k',
        '-ssrc', String(AUDIO.ssrc), '-payload_type', String(AUDIO.payloadType),
        '-f', 'rtp', rtpUrl(audioTransport),
      );
    }
    const proc = spawn(opts.ffmpeg ?? process.env.FFMPEG_PATH ?? 'ffmpeg', args, { stdio: ['pipe', 'ignore', 'pipe'] });
    child = proc;
    let stderr = '';
    proc.stderr?.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-4_000);
    });
    const spawned = new Promise<never>((_, reject) => {
      proc.once('error', (err) => reject(new Error(`test source ffmpeg did not start: ${err.message}`)));
      proc.once('exit', (code, signal) => reject(new Error(`test source ffmpeg exited (${signal ?? code}): ${stderr}`)));
    });
    spawned.catch(() => undefined); // only raced below; a later exit is the caller's stop()
    await Promise.race([untilFlowing(video, opts.flowTimeoutMs ?? 10_000), spawned]);
    return { video, audio, process: proc, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** libvpx in real time, as a phone's encoder behaves: no alt-ref frames, error resilient, a key frame every `gop` frames. */
function vp8Encoder(bitrate: number, gop: number): string[] {
  return [
    '-c:v', 'libvpx', '-b:v', String(bitrate), '-deadline', 'realtime', '-cpu-used', '8',
    '-g', String(gop), '-keyint_min', String(gop), '-auto-alt-ref', '0', '-error-resilient', '1', '-pix_fmt', 'yuv420p',
  ];
}

/**
 * Encodes `seconds` of testsrc2 into a VP8 WebM at `file` (as fast as the machine goes, not in real
 * time), for `file:` sources; does nothing when the file is there already.
 */
export async function encodeClip(file: string, o: { width: number; height: number; frameRate: number; bitrate: number; seconds: number; ffmpeg?: string }): Promise<void> {
  if (existsSync(file)) return;
  const tmp = `${file}.part.webm`;
  const args = [
    '-hide_banner', '-loglevel', 'error', '-nostats', '-f', 'lavfi', '-i', `testsrc2=size=${o.width}x${o.height}:rate=${o.frameRate}`,
    '-t', String(o.seconds), ...vp8Encoder(o.bitrate, o.frameRate), '-f', 'webm', '-y', tmp,
  ];
  await new Promise<void>((resolve, reject) => {
    const p = spawn(o.ffmpeg ?? process.env.FFMPEG_PATH ?? 'ffmpeg', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    p.once('error', reject);
    p.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`encoding ${file} failed (${code}): ${err}`))));
  });
  renameSync(tmp, file);
}

function rtpUrl(t: PlainTransport): string {
  const rtcp = t.rtcpTuple?.localPort;
  if (rtcp === undefined) throw new Error('test source transport has no RTCP port (rtcpMux must be false)');
  return `rtp://127.0.0.1:${t.tuple.localPort}?rtcpport=${rtcp}&pkt_size=1200`;
}

/** Resolves once `producer` reports received bytes; rejects after `timeoutMs`. */
export async function untilFlowing(producer: Producer, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const stats = await producer.getStats();
    if (stats.some((s) => s.byteCount > 0)) return;
    if (Date.now() > deadline) throw new Error(`producer ${producer.id} received no RTP within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** q on stdin (ffmpeg's own quit), SIGKILL if it has not exited after 3 s. */
export function stopProcess(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => proc.kill('SIGKILL'), 3_000);
    proc.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    // A closed pipe (ffmpeg already quitting) raises EPIPE on the stream, not here.
    proc.stdin?.on('error', () => undefined);
    proc.stdin?.end('q');
  });
}
