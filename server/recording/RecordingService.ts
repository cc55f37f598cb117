import { EventEmitter } from 'node:events';
import { mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Producer, Router } from 'mediasoup/types';
import type { Config } from '../../config/schema.ts';
import type { FeedInfo } from '../../protocol/media.ts';
import type { ActionRecordingsAnswer, RecordingVerifyAnswer } from '../../protocol/recording.ts';
import { dateOf, type Clock } from '../clock.ts';
import type { CourtTree } from '../courts/index.ts';
import { InvalidStateError, NotFoundError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { Database } from '../store/index.ts';
import { FeedRecorder, type Segment, type SegmentEnd, type SegmentSink } from './FeedRecorder.ts';
import { hashFile } from './hashFile.ts';
import { RecordingStore, type RecordingContext, type RecordingRow, type Viewer } from './RecordingStore.ts';

/** A feed to record: its labels, its producer and the router that producer lives on (server/media's LiveFeed). */
export interface RecordableFeed {
  readonly info: FeedInfo;
  readonly producer: Producer;
  readonly router: Router;
}

export interface RecordingServiceOptions {
  db: Kysely<Database>;
  /** Absolute data directory; recordings go under `recordings/<actionId>/`. */
  dataDir: string;
  config: Config['recording'];
  courts: () => CourtTree;
  /** The action's court, case and status (the actions feature), or null when unknown. */
  actionOf: (actionId: string) => Promise<{ courtId: string; caseId: string; status: string } | null>;
  clock: Clock;
  logger: Logger;
}

export interface RecordingServiceEvents {
  /** A segment got media: its row is in the store, open (录制中). */
  opened: [{ id: string; actionId: string; feedId: string }];
  /** A segment was sealed: its hash is in the store and the audit chain. */
  sealed: [{ id: string; actionId: string; feedId: string; sha256: string | null }];
  /** A span went unrecorded (stored and audited). */
  gap: [{ id: string; actionId: string; feedId: string; from: string; to: string }];
}

/** Where recordings live under the data directory. */
export const RECORDINGS_DIR = 'recordings';

/**
 * Evidence recordings (执行过程记录): records every feed of an ongoing action from the SFU while it
 * lives (a FeedRecorder each), seals each segment with its SHA-256 in the store and the audit chain,
 * and answers who may list, play and re-verify them. Nothing here ever deletes a recording.
 */
export class RecordingService extends EventEmitter<RecordingServiceEvents> {
  readonly store: RecordingStore;
  readonly #o: RecordingServiceOptions;
  readonly #recorders = new Map<string, { recorder: FeedRecorder; started: Promise<void>; ctx: RecordingContext }>();
  #closed = false;

  constructor(opts: RecordingServiceOptions) {
    super();
    this.#o = opts;
    this.store = new RecordingStore(opts.db);
  }

  /** Starts recording `feed` if it belongs to an action (and recording is enabled); a feed already recorded is left as it is. */
  async record(feed: RecordableFeed): Promise<boolean> {
    const { info } = feed;
    if (this.#closed || !this.#o.config.enabled || info.actionId === null || this.#recorders.has(info.feedId)) return false;
    const action = await this.#o.actionOf(info.actionId);
    if (!action) {
      this.#o.logger.warn({ feedId: info.feedId, actionId: info.actionId }, 'feed of an unknown action: not recorded');
      return false;
    }
    if (this.#closed || this.#recorders.has(info.feedId) || feed.producer.closed) return false;
    const ctx: RecordingContext = {
      actionId: info.actionId,
      caseId: action.caseId,
      caseNumber: info.caseNumber ?? '',
      courtId: action.courtId,
      teamId: info.teamId,
      teamName: info.teamName,
      terminalId: info.terminalId,
      userId: info.userId,
      officer: info.officer,
      officerCourtId: info.courtId,
      feedId: info.feedId,
      kind: info.kind,
    };
    const recorder = new FeedRecorder({
      router: feed.router,
      producer: feed.producer,
      ffmpeg: this.#o.config.ffmpeg,
      segmentMs: this.#o.config.segmentSeconds * 1000,
      clock: this.#o.clock,
      logger: this.#o.logger.child({ feedId: info.feedId, actionId: info.actionId }),
      sink: this.#sink(ctx),
    });
    const started = recorder.start();
    this.#recorders.set(info.feedId, { recorder, started, ctx });
    // The producer closing (the phone stopped, its worker died) ends the recording even before 'feedclose'.
    feed.producer.observer.once('close', () => void this.stop(info.feedId));
    await started;
    return true;
  }

  /** Stops recording a feed: its last segment is finalised and sealed. */
  async stop(feedId: string): Promise<void> {
    const entry = this.#recorders.get(feedId);
    if (!entry) return;
    this.#recorders.delete(feedId);
    await entry.started;
    await entry.recorder.close();
  }

  /** The feeds being recorded now. */
  get recording(): number {
    return this.#recorders.size;
  }

  /** The courts of the actions being recorded now (whom a disk-low warning concerns). */
  courtsRecording(): string[] {
    return [...this.#recorders.values()].map((r) => r.ctx.courtId);
  }

  /** The running recorder's pid of a feed (tests kill it; the bench reads CPU). */
  recorderPid(feedId: string): number | undefined {
    return this.#recorders.get(feedId)?.recorder.pid;
  }

  /** Every recorder process running now, of every feed. */
  recorderPids(): number[] {
    return [...this.#recorders.values()].flatMap((r) => r.recorder.pids);
  }

  /** Stops every recorder, sealing their segments; a second call does nothing more. */
  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all([...this.#recorders.keys()].map((id) => this.stop(id)));
  }

  /**
   * Seals recordings a previous run left open (it stopped without closing them): the partial WebM
   * is kept, hashed and audited as 'recovered', ending at the file's last write.
   */
  async recover(): Promise<number> {
    const rows = await this.store.unsealed();
    for (const row of rows) {
      const file = this.#absolute(row.file);
      const hashed = await hashFile(file);
      const endedAt = hashed ? (await stat(file)).mtime : new Date(row.started_at);
      await this.store.seal(
        contextOf(row),
        { id: row.id, file: row.file, startedAt: new Date(row.started_at), endedAt, why: 'recovered', bytes: hashed?.bytes ?? 0, sha256: hashed?.sha256 ?? null },
        dateOf(this.#o.clock),
      );
    }
    return rows.length;
  }

  /** An action's recordings and gaps, for a viewer whose court may see the action (else ERR_NOT_FOUND). */
  async list(viewerCourtId: string, actionId: string): Promise<ActionRecordingsAnswer> {
    const action = await this.#o.actionOf(actionId);
    if (!action || !this.#o.courts().canSee(viewerCourtId, action.courtId)) throw new NotFoundError(`行动 ${actionId} / action ${actionId}`);
    return { actionId, ...(await this.store.forAction(actionId)) };
  }

  /** A recording a viewer may see, with its absolute file; ERR_NOT_FOUND otherwise (existence is not revealed). */
  async get(viewerCourtId: string, id: string): Promise<{ row: RecordingRow; file: string }> {
    const row = await this.store.row(id);
    if (!row || !this.#o.courts().canSee(viewerCourtId, row.court_id)) throw new NotFoundError(`录像 ${id} / recording ${id}`);
    return { row, file: this.#absolute(row.file) };
  }

  /** Audits a playback or download (before a byte is sent). */
  async audited(viewer: Viewer, row: RecordingRow, download: boolean): Promise<void> {
    await this.store.auditAccess(viewer, row, download ? 'recording.download' : 'recording.play', dateOf(this.#o.clock));
  }

  /** Hashes the file again and compares it with the sealed hash; audited whatever the outcome. */
  async verify(viewer: Viewer, id: string): Promise<RecordingVerifyAnswer> {
    const { row, file } = await this.get(viewer.courtId, id);
    if (row.ended_at === null) throw new InvalidStateError(`录像 ${id} 仍在录制，封存后才能校验 / recording ${id} is still being written`);
    if (row.sha256 === null) throw new InvalidStateError(`录像 ${id} 封存时文件已缺失 / recording ${id} was sealed without a file`);
    const now = dateOf(this.#o.clock);
    const hashed = await hashFile(file);
    const outcome = { match: hashed?.sha256 === row.sha256, actual: hashed?.sha256 ?? null };
    await this.store.auditVerify(viewer, row, outcome, now);
    return { id, match: outcome.match, sha256: row.sha256, actual: outcome.actual, bytes: hashed?.bytes ?? null, checkedAt: now.toISOString() };
  }

  #absolute(relative: string): string {
    return path.join(this.#o.dataDir, relative);
  }

  /** The sink of one feed's recorder: files under recordings/<actionId>/, rows, hashes, audit. */
  #sink(ctx: RecordingContext): SegmentSink {
    const { logger, clock } = this.#o;
    const relative = (id: string) => path.posix.join(RECORDINGS_DIR, ctx.actionId, `${id}.webm`);
    return {
      file: async (id) => {
        const file = this.#absolute(relative(id));
        await mkdir(path.dirname(file), { recursive: true });
        return file;
      },
      opened: async (s: Segment) => {
        try {
          await this.store.insertOpen(ctx, s.id, relative(s.id), s.startedAt);
          this.emit('opened', { id: s.id, actionId: ctx.actionId, feedId: ctx.feedId });
        } catch (err) {
          // The seal inserts the row if this failed; the recording goes on.
          logger.error({ err, recordingId: s.id }, '录像记录未写入 / recording row not inserted');
        }
      },
      closed: async (s: Segment, endedAt: Date, why: SegmentEnd) => {
        try {
          const hashed = await hashFile(s.file);
          if (!hashed) logger.error({ file: s.file }, '录像文件缺失 / recording file missing at seal');
          const sha256 = hashed?.sha256 ?? null;
          await this.store.seal(ctx, { id: s.id, file: relative(s.id), startedAt: s.startedAt, endedAt, why, bytes: hashed?.bytes ?? 0, sha256 }, dateOf(clock));
          this.emit('sealed', { id: s.id, actionId: ctx.actionId, feedId: ctx.feedId, sha256 });
        } catch (err) {
          logger.error({ err, recordingId: s.id }, '录像封存失败 / recording not sealed');
        }
      },
      gap: async (from, to, reason) => {
        try {
          const id = await this.store.insertGap(ctx, from, to, reason, dateOf(clock));
          this.emit('gap', { id, actionId: ctx.actionId, feedId: ctx.feedId, from: from.toISOString(), to: to.toISOString() });
        } catch (err) {
          logger.error({ err, from, to }, '录像中断未记录 / recording gap not stored');
        }
      },
      discarded: async (file) => {
        // Never a recording: the recorder got no media before it stopped, so the file is empty or absent.
        await rm(file, { force: true }).catch((err: unknown) => logger.warn({ err, file }, 'empty segment not removed'));
      },
    };
  }
}

function contextOf(row: RecordingRow): RecordingContext {
  return {
    actionId: row.action_id,
    caseId: row.case_id,
    caseNumber: row.case_number,
    courtId: row.court_id,
    teamId: row.team_id,
    teamName: row.team_name,
    terminalId: row.terminal_id,
    userId: row.user_id,
    officer: row.officer,
    officerCourtId: row.court_id,
    feedId: row.feed_id,
    kind: row.kind,
  };
}
