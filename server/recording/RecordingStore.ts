import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { RecordingGap, RecordingView } from '../../protocol/recording.ts';
import { AuditLog } from '../audit/index.ts';
import { SYSTEM_ACTOR } from '../auth/index.ts';
import type { Database, RecordingGapTable, RecordingTable } from '../store/index.ts';
import type { SegmentEnd } from './FeedRecorder.ts';

/** Who and what a feed's recordings belong to: fixed when its recording starts. */
export interface RecordingContext {
  actionId: string;
  caseId: string;
  caseNumber: string;
  /** The action's court (scope). */
  courtId: string;
  teamId: string | null;
  teamName: string | null;
  terminalId: string;
  userId: string;
  officer: string;
  /** The officer's own court (in the audit detail). */
  officerCourtId: string;
  feedId: string;
  kind: 'audio' | 'video';
}

/** A segment as sealed: its file (relative to the data dir), span, size and hash. */
export interface SealedSegment {
  id: string;
  file: string;
  startedAt: Date;
  endedAt: Date;
  why: SegmentEnd | 'recovered';
  bytes: number;
  /** Null when the file is gone (sealed as missing: the row stays, the audit says so). */
  sha256: string | null;
}

/** Who looks at a recording, as the audit trail names them. */
export interface Viewer {
  userId: string;
  username: string;
  courtId: string;
  ip: string | null;
}

type Row = Selectable<RecordingTable> & { case_number: string };

/** The recording feature's rows: recordings and gaps, each write with its audit entry in one transaction. */
export class RecordingStore {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  /** A segment got media: its row, open (录制中). */
  async insertOpen(ctx: RecordingContext, id: string, file: string, startedAt: Date): Promise<void> {
    await this.#db.insertInto('recordings').values(openRow(ctx, id, file, startedAt)).execute();
  }

  /**
   * Seals a segment: its end, size and SHA-256 into its row (inserted here if its opening insert
   * failed) and the same hash into the audit chain, tied to case, action, team, terminal and span.
   */
  async seal(ctx: RecordingContext, s: SealedSegment, now: Date): Promise<void> {
    await this.#db.transaction().execute(async (trx) => {
      const values = { ended_at: s.endedAt.toISOString(), end_reason: s.why, bytes: s.bytes, sha256: s.sha256 };
      const r = await trx.updateTable('recordings').set(values).where('id', '=', s.id).where('ended_at', 'is', null).executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) {
        const exists = await trx.selectFrom('recordings').select('id').where('id', '=', s.id).executeTakeFirst();
        if (exists) return; // sealed already (a second close): the first seal stands
        await trx.insertInto('recordings').values({ ...openRow(ctx, s.id, s.file, s.startedAt), ...values }).execute();
      }
      await AuditLog.append(
        trx,
        {
          actorUserId: null,
          actorName: SYSTEM_ACTOR,
          courtId: ctx.courtId,
          action: 'recording.seal',
          targetType: 'recording',
          targetId: s.id,
          detail: {
            sha256: s.sha256,
            bytes: s.bytes,
            file: s.file,
            from: s.startedAt.toISOString(),
            to: s.endedAt.toISOString(),
            end: s.why,
            caseId: ctx.caseId,
            caseNumber: ctx.caseNumber,
            actionId: ctx.actionId,
            teamId: ctx.teamId,
            terminalId: ctx.terminalId,
            userId: ctx.userId,
            officer: ctx.officer,
            officerCourtId: ctx.officerCourtId,
            feedId: ctx.feedId,
            kind: ctx.kind,
          },
        },
        now,
      );
    });
  }

  /** A span the feed went unrecorded, stored and audited. */
  async insertGap(ctx: RecordingContext, from: Date, to: Date, reason: string, now: Date): Promise<string> {
    const id = randomUUID();
    await this.#db.transaction().execute(async (trx) => {
      await trx
        .insertInto('recording_gaps')
        .values({
          id,
          action_id: ctx.actionId,
          court_id: ctx.courtId,
          team_id: ctx.teamId,
          terminal_id: ctx.terminalId,
          feed_id: ctx.feedId,
          kind: ctx.kind,
          from_at: from.toISOString(),
          to_at: to.toISOString(),
          reason,
        })
        .execute();
      await AuditLog.append(
        trx,
        {
          actorUserId: null,
          actorName: SYSTEM_ACTOR,
          courtId: ctx.courtId,
          action: 'recording.gap',
          targetType: 'action',
          targetId: ctx.actionId,
          detail: { gapId: id, from: from.toISOString(), to: to.toISOString(), reason, caseId: ctx.caseId, teamId: ctx.teamId, terminalId: ctx.terminalId, feedId: ctx.feedId, kind: ctx.kind },
        },
        now,
      );
    });
    return id;
  }

  /** One recording with its case number, or undefined. */
  async row(id: string): Promise<Row | undefined> {
    return this.#db
      .selectFrom('recordings')
      .innerJoin('cases', 'cases.id', 'recordings.case_id')
      .selectAll('recordings')
      .select('cases.case_number')
      .where('recordings.id', '=', id)
      .executeTakeFirst();
  }

  /** Every recording and gap of an action, oldest first. */
  async forAction(actionId: string): Promise<{ recordings: RecordingView[]; gaps: RecordingGap[] }> {
    const [rows, gaps] = await Promise.all([
      this.#db
        .selectFrom('recordings')
        .innerJoin('cases', 'cases.id', 'recordings.case_id')
        .selectAll('recordings')
        .select('cases.case_number')
        .where('recordings.action_id', '=', actionId)
        .orderBy('recordings.started_at')
        .orderBy('recordings.id')
        .execute(),
      this.#db.selectFrom('recording_gaps').selectAll().where('action_id', '=', actionId).orderBy('from_at').orderBy('id').execute(),
    ]);
    return { recordings: rows.map(toView), gaps: gaps.map(toGap) };
  }

  /** Rows left open by a server that stopped without sealing them (a crash, a power cut). */
  async unsealed(): Promise<Row[]> {
    return this.#db
      .selectFrom('recordings')
      .innerJoin('cases', 'cases.id', 'recordings.case_id')
      .selectAll('recordings')
      .select('cases.case_number')
      .where('recordings.ended_at', 'is', null)
      .execute();
  }

  /** Who played or downloaded which recording, audited before a byte is sent. */
  async auditAccess(viewer: Viewer, row: Row, action: 'recording.play' | 'recording.download', now: Date): Promise<void> {
    await this.#db.transaction().execute(async (trx) => {
      await appendViewer(trx, viewer, action, row, { sha256: row.sha256 }, now);
    });
  }

  /** A re-verification and its outcome. */
  async auditVerify(viewer: Viewer, row: Row, outcome: { match: boolean; actual: string | null }, now: Date): Promise<void> {
    await this.#db.transaction().execute(async (trx) => {
      await appendViewer(trx, viewer, 'recording.verify', row, { sha256: row.sha256, actual: outcome.actual, match: outcome.match }, now);
    });
  }
}

function appendViewer(trx: Transaction<Database>, viewer: Viewer, action: string, row: Row, extra: Record<string, unknown>, now: Date): Promise<number> {
  return AuditLog.append(
    trx,
    {
      actorUserId: viewer.userId,
      actorName: viewer.username,
      courtId: viewer.courtId,
      action,
      targetType: 'recording',
      targetId: row.id,
      ip: viewer.ip,
      detail: { ...extra, actionId: row.action_id, caseId: row.case_id, caseNumber: row.case_number, teamId: row.team_id, terminalId: row.terminal_id, from: row.started_at, to: row.ended_at },
    },
    now,
  );
}

function openRow(ctx: RecordingContext, id: string, file: string, startedAt: Date): Selectable<RecordingTable> {
  return {
    id,
    action_id: ctx.actionId,
    case_id: ctx.caseId,
    court_id: ctx.courtId,
    team_id: ctx.teamId,
    team_name: ctx.teamName,
    terminal_id: ctx.terminalId,
    user_id: ctx.userId,
    officer: ctx.officer,
    feed_id: ctx.feedId,
    kind: ctx.kind,
    file,
    started_at: startedAt.toISOString(),
    ended_at: null,
    end_reason: null,
    bytes: null,
    sha256: null,
    locked: 1,
  };
}

/** A row as consoles list it. */
export function toView(r: Row): RecordingView {
  return {
    id: r.id,
    actionId: r.action_id,
    caseId: r.case_id,
    caseNumber: r.case_number,
    teamId: r.team_id,
    teamName: r.team_name,
    terminalId: r.terminal_id,
    userId: r.user_id,
    officer: r.officer,
    feedId: r.feed_id,
    kind: r.kind,
    state: r.ended_at === null ? 'recording' : 'sealed',
    startedAt: r.started_at,
    endedAt: r.ended_at,
    bytes: r.bytes === null ? null : Number(r.bytes),
    sha256: r.sha256,
    locked: r.locked === 1,
  };
}

function toGap(g: Selectable<RecordingGapTable>): RecordingGap {
  return { id: g.id, teamId: g.team_id, terminalId: g.terminal_id, feedId: g.feed_id, kind: g.kind, from: g.from_at, to: g.to_at, reason: g.reason };
}

export type { Row as RecordingRow };
