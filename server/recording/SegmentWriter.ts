import { spawn, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import { EventEmitter } from 'node:events';
import { rm, writeFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Consumer, PlainTransport, Producer, Router } from 'mediasoup/types';
import type { Logger } from '../logger.ts';
import { recorderCapabilities, recorderSdp } from './sdp.ts';
import { freeUdpPair, waitUdpBound } from './udpPorts.ts';

export interface SegmentWriterOptions {
  /** The router the producer lives on (a feed's `router`). */
  router: Router;
  producer: Producer;
  /** Absolute path of the WebM file to write; its SDP is written beside it (`.sdp`) and removed at stop. */
  file: string;
  /** The ffmpeg binary (Debian's). */
  ffmpeg: string;
  logger: Logger;
}

/** How a recorder process ended without being asked to. */
export interface WriterDeath {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

export interface SegmentWriterEvents {
  /** ffmpeg reported its first media written into the file; `sinceMs`: how long ago that media began (its output time). */
  media: [{ sinceMs: number }];
  /** The recorder process exited without stop() (killed, crashed, out of disk). */
  died: [WriterDeath];
}

/** How long ffmpeg may take to bind its port. */
const LISTEN_TIMEOUT_MS = 5_000;
/** Key frames are asked for this often until ffmpeg wrote the first frames (a lost PLI, a source slow to answer). */
const KEYFRAME_RETRY_MS = 1_000;
/** After q, how long ffmpeg may take to write the WebM trailer (cues, duration) before SIGINT, then SIGKILL. */
const QUIT_GRACE_MS = 5_000;
const KILL_GRACE_MS = 3_000;
const STDERR_KEEP = 4_000;

/**
 * One segment file of one feed: its own PlainTransport (127.0.0.1, rtcpMux, comedia off) on the
 * feed's router, a consumer created paused and pinned to the top simulcast layer, and an ffmpeg
 * process copying the RTP into WebM without transcoding. The consumer resumes only once ffmpeg has
 * bound its port, or the first key frame would be sent into nothing; ffmpeg sends no PLI, so key
 * frames are requested here at start and again each second until ffmpeg reports (its -progress
 * output) the first frames written: only then does the file hold media, and does ffmpeg read its q.
 */
export class SegmentWriter extends EventEmitter<SegmentWriterEvents> {
  readonly file: string;
  readonly #transport: PlainTransport;
  readonly #consumer: Consumer;
  readonly #proc: ChildProcess;
  readonly #sdpFile: string;
  readonly #port: number;
  readonly #logger: Logger;
  readonly #exited: Promise<void>;
  #stderr = '';
  #hasMedia = false;
  #stopping: Promise<void> | null = null;
  #retry: NodeJS.Timeout | null = null;

  private constructor(opts: SegmentWriterOptions, transport: PlainTransport, consumer: Consumer, proc: ChildProcess, sdpFile: string, port: number) {
    super();
    this.#port = port;
    this.file = opts.file;
    this.#transport = transport;
    this.#consumer = consumer;
    this.#proc = proc;
    this.#sdpFile = sdpFile;
    this.#logger = opts.logger;
    proc.stderr?.on('data', (d: Buffer) => {
      this.#stderr = (this.#stderr + d.toString()).slice(-STDERR_KEEP);
    });
    // -progress pipe:1: key=value lines every half second; out_time_us is the media written so far.
    if (proc.stdout) {
      createInterface({ input: proc.stdout }).on('line', (line) => {
        const m = /^out_time_us=(\d+)$/.exec(line);
        const us = m ? Number(m[1]) : 0;
        if (us > 0) this.#gotMedia(us / 1000);
      });
    }
    this.#exited = new Promise((resolve) => {
      proc.once('exit', (code, signal) => {
        this.#clearRetry();
        if (!this.#stopping) this.emit('died', { code, signal, stderr: this.#stderr });
        resolve();
      });
    });
  }

  /** Opens the transport and consumer, starts ffmpeg, resumes once it listens and asks for a key frame. */
  static async start(opts: SegmentWriterOptions): Promise<SegmentWriter> {
    const { router, producer } = opts;
    const port = await freeUdpPair();
    const transport = await router.createPlainTransport({ listenInfo: { protocol: 'udp', ip: '127.0.0.1' }, rtcpMux: true, comedia: false });
    let proc: ChildProcess | null = null;
    const sdpFile = `${opts.file}.sdp`;
    try {
      await transport.connect({ ip: '127.0.0.1', port });
      const consumer = await transport.consume({
        producerId: producer.id,
        rtpCapabilities: recorderCapabilities(router.rtpCapabilities, producer.kind),
        paused: true,
        // Evidence is kept at the best quality the phone sends; harmless for a producer without simulcast.
        preferredLayers: { spatialLayer: 2 },
        appData: { recorder: true },
      });
      await writeFile(sdpFile, recorderSdp(consumer.rtpParameters, consumer.kind, port));
      proc = spawn(opts.ffmpeg, ffmpegArgs(sdpFile, opts.file), { stdio: ['pipe', 'pipe', 'pipe'] });
      const writer = new SegmentWriter(opts, transport, consumer, proc, sdpFile, port);
      const spawnError = new Promise<Error>((resolve) => proc?.once('error', resolve));
      const listening = await Promise.race([waitUdpBound(port, LISTEN_TIMEOUT_MS, () => writer.alive), spawnError]);
      if (listening !== true) {
        const why = listening instanceof Error ? listening.message : `did not listen on 127.0.0.1:${port} within ${LISTEN_TIMEOUT_MS} ms: ${writer.#stderr}`;
        await writer.stop();
        throw new Error(`recorder ${opts.ffmpeg} ${why}`);
      }
      await writer.#begin();
      return writer;
    } catch (err) {
      if (proc && proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
      transport.close();
      await rm(sdpFile, { force: true });
      throw err;
    }
  }

  /** The recorder's process id (tests kill it; the bench reads its CPU). */
  get pid(): number | undefined {
    return this.#proc.pid;
  }

  /** True once ffmpeg wrote media into the file. */
  get hasMedia(): boolean {
    return this.#hasMedia;
  }

  /** True while the recorder process runs. */
  get alive(): boolean {
    return this.#proc.exitCode === null && this.#proc.signalCode === null;
  }

  get kind(): 'audio' | 'video' {
    return this.#consumer.kind;
  }

  /** Asks the producer for a key frame (a PLI through mediasoup); nothing for audio. */
  requestKeyFrame(): void {
    if (this.#consumer.kind !== 'video' || this.#consumer.closed) return;
    this.#consumer.requestKeyFrame().catch((err: unknown) => this.#logger.debug({ err }, 'recorder key frame request failed'));
  }

  async #begin(): Promise<void> {
    await this.#consumer.resume();
    this.requestKeyFrame();
    if (this.#consumer.kind === 'video') this.#retry = setInterval(() => this.requestKeyFrame(), KEYFRAME_RETRY_MS);
  }

  #gotMedia(sinceMs: number): void {
    if (this.#hasMedia) return;
    this.#hasMedia = true;
    this.#clearRetry();
    this.emit('media', { sinceMs });
  }

  #clearRetry(): void {
    if (this.#retry) clearInterval(this.#retry);
    this.#retry = null;
  }

  /**
   * Stops the segment: `q` so ffmpeg writes the WebM trailer (duration, cues), SIGINT after 5 s,
   * SIGKILL after 3 more; then closes the consumer and transport. Resolves once ffmpeg exited; a
   * second call waits for the first.
   */
  stop(): Promise<void> {
    this.#stopping ??= this.#stop();
    return this.#stopping;
  }

  async #stop(): Promise<void> {
    this.#clearRetry();
    if (this.alive) {
      const proc = this.#proc;
      // ffmpeg reads q only between packets: when the producer is gone (the phone left) no packet comes
      // and q alone would wait for ever. An RTCP BYE on its port ends its input (EOF) in either case, and
      // ffmpeg then writes the trailer as for q.
      await sendRtcpBye(this.#port).catch((err: unknown) => this.#logger.debug({ err }, 'RTCP BYE to the recorder not sent'));
      proc.stdin?.on('error', (err) => this.#logger.debug({ err }, 'recorder stdin closed before q'));
      proc.stdin?.end('q');
      if (!(await this.#exitWithin(QUIT_GRACE_MS))) {
        proc.kill('SIGINT');
        if (!(await this.#exitWithin(KILL_GRACE_MS))) {
          this.#logger.warn({ pid: proc.pid, file: this.file }, 'recorder did not quit; killed');
          proc.kill('SIGKILL');
          await this.#exited;
        }
      }
    }
    this.#transport.close();
    await rm(this.#sdpFile, { force: true });
  }

  async #exitWithin(ms: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
    const done = await Promise.race([this.#exited.then(() => true as const), timeout]);
    clearTimeout(timer);
    return done;
  }

  /** The last of ffmpeg's error output. */
  get stderr(): string {
    return this.#stderr;
  }
}

/**
 * An RTCP BYE (RFC 3550 §6.6: one SSRC and the reason "end") to the recorder's port: its RTP input
 * ends there. 12 bytes: ffmpeg's RTP demuxer drops anything shorter than an RTP header unread.
 */
function sendRtcpBye(port: number): Promise<void> {
  const bye = Buffer.from([0x81, 203, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x03, 0x65, 0x6e, 0x64]);
  return new Promise((resolve, reject) => {
    const socket = dgram.createSocket('udp4');
    socket.once('error', (err) => {
      socket.close();
      reject(err);
    });
    socket.send(bye, port, '127.0.0.1', (err) => {
      socket.close();
      if (err) reject(err);
      else resolve();
    });
  });
}

/** ffmpeg reading one RTP stream from an SDP file into WebM, copying the codec (VP8 or Opus) as it is. */
export function ffmpegArgs(sdpFile: string, outFile: string): string[] {
  return [
    '-hide_banner', '-nostats', '-loglevel', 'warning', '-progress', 'pipe:1', '-stats_period', '0.5',
    '-protocol_whitelist', 'file,udp,rtp',
    // The SDP names the codec and the consumer starts on a key frame, which gives the picture size; the
    // frame rate is not needed to copy. Up to 10 s of probing: a key frame that lost a packet on a loaded
    // machine is followed by the next one asked for (each second); a shorter probe fails the recorder.
    '-analyzeduration', '10000000', '-fpsprobesize', '0',
    '-i', sdpFile,
    '-map', '0', '-c', 'copy',
    '-f', 'webm', '-y', outFile,
  ];
}
