import { statfs } from 'node:fs/promises';
import type { Kysely } from 'kysely';
import { AuditLog } from '../audit/index.ts';
import { SYSTEM_ACTOR } from '../auth/index.ts';
import { dateOf, type Clock } from '../clock.ts';
import type { Database } from '../store/index.ts';
import type { WarningService } from '../warnings/index.ts';

export interface DiskWatchOptions {
  db: Kysely<Database>;
  warnings: WarningService;
  /** The data directory whose file system is watched. */
  dir: string;
  minFreeBytes: number;
  minFreePercent: number;
  /** The courts of the actions being recorded now: their consoles (and those above) are warned. */
  courtsRecording: () => readonly string[];
  clock: Clock;
}

/** Free space of the data directory's file system at one check. */
export interface DiskState {
  freeBytes: number;
  totalBytes: number;
  low: boolean;
}

/** Free space must climb this much above the threshold before a new low is warned again (no flapping). */
const REARM_FACTOR = 1.1;

/**
 * Watches free space where recordings are written. Below the threshold (bytes or percent, whichever
 * is reached first) one warning ('disk-low') reaches the consoles of every court whose action is
 * being recorded (and the courts above it), or of the top courts when none is, audited as the
 * system's act; the next is raised only after space recovered. Nothing is ever deleted to make room:
 * recordings of actions are locked, and evidence is not the server's to discard.
 */
export class DiskWatch {
  readonly #o: DiskWatchOptions;
  #warned = false;

  constructor(opts: DiskWatchOptions) {
    this.#o = opts;
  }

  /** One check; raises the warning when space just fell below the threshold. */
  async check(): Promise<DiskState> {
    const s = await statfs(this.#o.dir);
    const freeBytes = s.bavail * s.bsize;
    const totalBytes = s.blocks * s.bsize;
    const threshold = Math.max(this.#o.minFreeBytes, (totalBytes * this.#o.minFreePercent) / 100);
    const low = freeBytes < threshold;
    if (low && !this.#warned) {
      await this.#raise(freeBytes, totalBytes, threshold);
      this.#warned = true;
    } else if (!low && freeBytes >= threshold * REARM_FACTOR) {
      this.#warned = false;
    }
    return { freeBytes, totalBytes, low };
  }

  async #raise(freeBytes: number, totalBytes: number, threshold: number): Promise<void> {
    const { db, warnings } = this.#o;
    const recording = [...new Set(this.#o.courtsRecording())].sort();
    const courtIds = recording.length > 0 ? recording : (await db.selectFrom('courts').select('id').where('parent_id', 'is', null).orderBy('id').execute()).map((c) => c.id);
    const now = dateOf(this.#o.clock);
    const percent = totalBytes > 0 ? ((freeBytes / totalBytes) * 100).toFixed(1) : '0';
    const text = `录像存储空间不足：数据目录所在磁盘剩余 ${gib(freeBytes)}（${percent}%），低于阈值 ${gib(threshold)}；已封存的执法录像不会被删除，请尽快扩容或转存`;
    const raised = await db.transaction().execute(async (trx) => {
      const out = [];
      for (const courtId of courtIds) {
        const w = await warnings.insert(trx, { courtId, teamId: null, instructionId: null, kind: 'disk-low', level: 'high', text, raisedBy: null }, now);
        if (!w) continue;
        out.push(w);
        await AuditLog.append(
          trx,
          {
            actorUserId: null,
            actorName: SYSTEM_ACTOR,
            courtId,
            action: 'disk.low',
            targetType: 'warning',
            targetId: w.id,
            detail: { dir: this.#o.dir, freeBytes, totalBytes, thresholdBytes: Math.round(threshold) },
          },
          now,
        );
      }
      return out;
    });
    for (const w of raised) warnings.announce(w);
  }
}

function gib(bytes: number): string {
  return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
}
