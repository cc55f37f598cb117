import { randomUUID } from 'node:crypto';
import type { Producer, Router } from 'mediasoup/types';
import { dateOf, type Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';
import { SegmentWriter } from './SegmentWriter.ts';

/** One segment as its sink sees it. */
export interface Segment {
  id: string;
  /** Absolute path of its WebM file. */
  file: string;
  /** When its first media reached the recorder (ffmpeg's first report, less the media time it had written by then). */
  startedAt: Date;
}

/** Why a segment ended: rotation, the feed ending, or its recorder dying. */
export type SegmentEnd = 'rotated' | 'stopped' | 'died';

/** Where a recorder's segments and gaps go (the RecordingService: rows, hashes, audit). Failures are the sink's to log. */
export interface SegmentSink {
  /** The absolute file for a new segment `id` (its directory exists when this resolves). */
  file(id: string): Promise<string>;
  /** A segment holds media from now: it becomes a recording (录制中). */
  opened(segment: Segment): Promise<void>;
  /** A segment's file is final: hash it, seal it. Called once per opened segment, after opened() settled. */
  closed(segment: Segment, endedAt: Date, why: SegmentEnd): Promise<void>;
  /** Nothing was recorded from `from` to `to` (a recorder died or could not start). */
  gap(from: Date, to: Date, reason: string): Promise<void>;
  /** A segment that never got media: its file (if any) is to be removed, no recording exists. */
  discarded(file: string): Promise<void>;
}

export interface FeedRecorderOptions {
  router: Router;
  producer: Producer;
  ffmpeg: string;
  segmentMs: number;
  clock: Clock;
  logger: Logger;
  sink: SegmentSink;
}

/** How long a new segment may take to get its first key frame before the old one is stopped anyway. */
const MAX_OVERLAP_MS = 8_000;
/** Restart delays after a recorder died or failed to start: at once, then backing off to 30 s. */
const BACKOFF_MS = [0, 1_000, 2_000, 5_000, 10_000, 30_000];

interface Running {
  writer: SegmentWriter;
  id: string;
  segment: Segment | null;
  /** The sink's opened() for this segment, so closed() follows it. */
  opening: Promise<void> | null;
  /** Set by the first #finish(): stopping and sealing happen once. */
  finishing: Promise<void> | null;
}

/**
 * Records one feed for as long as it lives, as consecutive segments: at each rotation the next
 * segment (its own consumer and ffmpeg) starts first, and the previous stops once the next has its
 * first key frame, so consecutive files overlap by a moment instead of leaving a hole. A recorder
 * that dies is restarted (backing off if it keeps dying) and the time without one reported as a gap.
 */
export class FeedRecorder {
  readonly #o: FeedRecorderOptions;
  #current: Running | null = null;
  /** The previous segment during a rotation's overlap. */
  #outgoing: Running | null = null;
  #stopRotation: (() => void) | null = null;
  #rotating = false;
  /** A rotation tick came while one was in progress: it runs when that one is done. */
  #rotateAgain = false;
  /** Outgoing segments being stopped and sealed in the background. */
  readonly #sealing = new Set<Promise<void>>();
  #gapSince: Date | null = null;
  #gapReason = '';
  #failures = 0;
  #restart: NodeJS.Timeout | null = null;
  #closed = false;
  #closing: Promise<void> | null = null;

  constructor(opts: FeedRecorderOptions) {
    this.#o = opts;
  }

  /** Starts the first segment and the rotation; a recorder that cannot start is retried (a gap). */
  async start(): Promise<void> {
    this.#stopRotation = this.#o.clock.every(this.#o.segmentMs, () => void this.#rotate());
    const first = await this.#spawn();
    if (this.#closed) return;
    if (first) this.#adopt(first);
    else this.#beginGap('recorder did not start', dateOf(this.#o.clock));
  }

  /** The running recorder's pid (tests kill it to prove the restart). */
  get pid(): number | undefined {
    return this.#current?.writer.pid;
  }

  /** Every recorder process of this feed now: the current one and, during a rotation, the outgoing one (the bench reads their CPU). */
  get pids(): number[] {
    return [this.#current, this.#outgoing].flatMap((r) => (r?.writer.pid !== undefined ? [r.writer.pid] : []));
  }

  /** Stops recording: the current segment is finalised and sealed; an open gap ends now. A second call waits for the first. */
  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    this.#closed = true;
    this.#stopRotation?.();
    if (this.#restart) clearTimeout(this.#restart);
    const running = [this.#current, this.#outgoing].filter((r): r is Running => r !== null);
    this.#current = null;
    this.#outgoing = null;
    await Promise.all([...running.map((r) => this.#finish(r, 'stopped')), ...this.#sealing]);
    if (this.#gapSince) await this.#endGap(dateOf(this.#o.clock));
  }

  /** A new writer, wired for its first media and its death; null (logged) if it failed to start. */
  async #spawn(): Promise<Running | null> {
    const id = randomUUID();
    let file: string;
    let writer: SegmentWriter;
    try {
      file = await this.#o.sink.file(id);
      writer = await SegmentWriter.start({ router: this.#o.router, producer: this.#o.producer, file, ffmpeg: this.#o.ffmpeg, logger: this.#o.logger });
    } catch (err) {
      this.#o.logger.error({ err, producerId: this.#o.producer.id }, '录像进程无法启动 / recorder failed to start');
      return null;
    }
    const running: Running = { writer, id, segment: null, opening: null, finishing: null };
    const onMedia = ({ sinceMs }: { sinceMs: number }) => {
      const segment: Segment = { id, file, startedAt: new Date(this.#o.clock.now() - sinceMs) };
      running.segment = segment;
      running.opening = this.#o.sink.opened(segment);
      if (this.#current === running) this.#recovered(segment);
    };
    writer.once('media', onMedia);
    writer.once('died', (death) => {
      this.#o.logger.error({ producerId: this.#o.producer.id, code: death.code, signal: death.signal, stderr: death.stderr }, '录像进程意外退出 / recorder died');
      void this.#died(running);
    });
    if (this.#closed) {
      // The feed ended while this one started: it records nothing.
      await this.#finish(running, 'stopped');
      return null;
    }
    return running;
  }

  /** Rotation: the next segment first, then the previous once the next has media (or after MAX_OVERLAP_MS). */
  async #rotate(): Promise<void> {
    if (this.#closed || !this.#current) return;
    if (this.#rotating) {
      this.#rotateAgain = true;
      return;
    }
    this.#rotating = true;
    try {
      const previous = this.#current;
      const next = await this.#spawn();
      if (!next) return; // the previous keeps recording; the next tick tries again (#spawn finished it if closed)
      if (this.#current !== previous) {
        if (this.#current === null) {
          // The previous died meanwhile: the new one takes its place at once (ending the gap).
          this.#adopt(next);
        } else {
          // A restart already took the previous one's place: this one is surplus.
          await this.#finish(next, 'stopped');
        }
        return;
      }
      this.#outgoing = previous;
      this.#adopt(next);
      await this.#firstMedia(next.writer, MAX_OVERLAP_MS);
      if (this.#outgoing === previous) this.#outgoing = null;
      // The previous quits and is sealed in the background: the next rotation need not wait for its hash.
      const sealing = this.#finish(previous, 'rotated');
      this.#sealing.add(sealing);
      sealing
        .finally(() => this.#sealing.delete(sealing))
        .catch((err: unknown) => this.#o.logger.error({ err, producerId: this.#o.producer.id }, '录像分段未能结束 / segment did not stop'));
    } finally {
      this.#rotating = false;
    }
    if (this.#rotateAgain) {
      this.#rotateAgain = false;
      await this.#rotate();
    }
  }

  #firstMedia(writer: SegmentWriter, timeoutMs: number): Promise<void> {
    if (writer.hasMedia || !writer.alive) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        writer.off('media', done);
        writer.off('died', done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      writer.on('media', done);
      writer.on('died', done);
    });
  }

  /** `running` becomes the current recorder; if it already has media, a gap open ends where it began. */
  #adopt(running: Running): void {
    this.#current = running;
    if (running.segment) this.#recovered(running.segment);
  }

  #recovered(segment: Segment): void {
    this.#failures = 0;
    if (this.#gapSince) void this.#endGap(segment.startedAt);
  }

  /** Stops a writer and hands its segment to the sink (sealed), or discards a file that never got media; once per writer. */
  #finish(running: Running, why: SegmentEnd): Promise<void> {
    running.finishing ??= this.#seal(running, why);
    return running.finishing;
  }

  async #seal(running: Running, why: SegmentEnd): Promise<void> {
    await running.writer.stop();
    const endedAt = dateOf(this.#o.clock);
    if (running.segment) {
      await running.opening;
      await this.#o.sink.closed(running.segment, endedAt, why);
    } else {
      await this.#o.sink.discarded(running.writer.file);
    }
  }

  async #died(running: Running): Promise<void> {
    const now = dateOf(this.#o.clock);
    const wasCurrent = this.#current === running;
    if (wasCurrent) this.#current = null;
    if (this.#outgoing === running) this.#outgoing = null;
    if (wasCurrent && !this.#closed) this.#beginGap('recorder died', now);
    // An outgoing segment that died only ends early: the next one already records.
    await this.#finish(running, 'died');
  }

  #beginGap(reason: string, from: Date): void {
    if (!this.#gapSince) {
      this.#gapSince = from;
      this.#gapReason = reason;
    }
    const delay = BACKOFF_MS[Math.min(this.#failures, BACKOFF_MS.length - 1)] ?? 30_000;
    this.#failures++;
    // A process-level retry delay, not a time of day: a plain timer.
    this.#restart = setTimeout(() => {
      this.#restart = null;
      void this.#restartNow();
    }, delay);
  }

  async #restartNow(): Promise<void> {
    if (this.#closed || this.#current) return;
    const next = await this.#spawn();
    if (this.#closed) return;
    if (!next) {
      this.#beginGap(this.#gapReason, this.#gapSince ?? dateOf(this.#o.clock));
      return;
    }
    if (this.#current) {
      // A rotation adopted one meanwhile.
      await this.#finish(next, 'stopped');
      return;
    }
    // Its first media ends the gap; if it dies first, #died backs off again.
    this.#adopt(next);
  }

  async #endGap(to: Date): Promise<void> {
    const from = this.#gapSince;
    if (!from) return;
    this.#gapSince = null;
    await this.#o.sink.gap(from, to, this.#gapReason);
  }
}
