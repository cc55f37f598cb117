import type { Kysely } from 'kysely';
import type { Config } from '../../config/schema.ts';
import type { InstructionPhotoRequest, InstructionState, InstructionView, ListInstructions } from '../../protocol/instruction.ts';
import { coversAllCourts, type CourtTree } from '../courts/index.ts';
import { NotFoundError } from '../errors.ts';
import type { Database } from '../store/index.ts';
import type { TeamDirectory } from '../teams/index.ts';
import type { Actor } from '../auth/index.ts';
import { systemClock, type Clock } from '../clock.ts';
import { loadInstructionViews } from './instructionRecords.ts';
import { AWAITING_ACK, OPEN_STATES } from './instructionState.ts';

export interface InstructionQueriesOptions {
  db: Kysely<Database>;
  courts: () => CourtTree;
  teams: TeamDirectory;
  config: Config['dispatch'];
  clock?: Clock;
}

const DEFAULT_LIST = 50;
/** How many instructions a reconnecting terminal is sent per query while its backlog is replayed. */
const REPLAY_PAGE = 200;

/** Where a page of a terminal's instructions ends: oldest first by issue time, then id. */
interface Cursor {
  issuedAt: string;
  instructionId: string;
}

/**
 * The read side of instructions: what a connecting terminal is sent again, the lists of terminals
 * and consoles, feedback photos. Every answer is cut to what the asker's team or court branch may see.
 */
export class InstructionQueries {
  readonly #db: Kysely<Database>;
  readonly #courts: () => CourtTree;
  readonly #teams: TeamDirectory;
  readonly #config: Config['dispatch'];
  readonly #clock: Clock;

  constructor(opts: InstructionQueriesOptions) {
    this.#db = opts.db;
    this.#courts = opts.courts;
    this.#teams = opts.teams;
    this.#config = opts.config;
    this.#clock = opts.clock ?? systemClock;
  }

  /**
   * Instructions still waiting for 签收 by any of `teamIds` (issued or delivered, not expired),
   * oldest first, each with only those teams' targets: what a connecting terminal is sent again.
   * Every one of them, however many, in pages of REPLAY_PAGE (at-least-once has no cap).
   */
  async *awaitingAck(teamIds: readonly string[]): AsyncGenerator<InstructionView[]> {
    let after: Cursor | null = null;
    for (;;) {
      const page = await this.#forTeams(teamIds, AWAITING_ACK, REPLAY_PAGE, after);
      if (page.views.length > 0) yield page.views;
      if (page.next === null) return;
      after = page.next;
    }
  }

  /**
   * `instruction:list` from a terminal: its teams' open instructions (not yet done, refused or
   * expired), oldest first; the next page starts `after` the id of the last one held.
   */
  async listForTerminal(actor: Actor, m: ListInstructions): Promise<InstructionView[]> {
    const teams = await this.#teams.teamsOf(actor.userId);
    const teamIds = teams.map((t) => t.id);
    let after: Cursor | null = null;
    if (m.after !== undefined) {
      const row = await this.#db.selectFrom('instructions').select(['id', 'issued_at']).where('id', '=', m.after).executeTakeFirst();
      if (!row) throw new NotFoundError(`指令 ${m.after} / instruction ${m.after}`);
      after = { issuedAt: row.issued_at, instructionId: row.id };
    }
    return (await this.#forTeams(teamIds, OPEN_STATES, m.limit ?? DEFAULT_LIST, after)).views;
  }

  /**
   * `instruction:list` from a console: instructions with a target in the console's court branch,
   * newest first, each showing only the targets that branch may see.
   */
  async listForConsole(actor: Actor, m: ListInstructions): Promise<InstructionView[]> {
    const tree = this.#courts();
    const courtIds = tree.subtree(actor.courtId);
    if (courtIds.length === 0) return [];
    let q = this.#db.selectFrom('instructions').select('id');
    if (!coversAllCourts(tree, courtIds)) {
      q = q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('instruction_targets')
            .select('instruction_targets.team_id')
            .whereRef('instruction_targets.instruction_id', '=', 'instructions.id')
            .where('instruction_targets.court_id', 'in', courtIds),
        ),
      );
    }
    if (m.before !== undefined) q = q.where('issued_at', '<', new Date(m.before).toISOString());
    const rows = await q.orderBy('issued_at', 'desc').orderBy('id').limit(m.limit ?? DEFAULT_LIST).execute();
    const views = await loadInstructionViews(this.#db, rows.map((r) => r.id));
    return views.map((v) => ({ ...v, targets: v.targets.filter((t) => tree.canSee(actor.courtId, t.courtId)) }));
  }

  /**
   * Instructions by id as a console of `viewerCourtId` may see them (targets of its branch only; one
   * with none left is left out), oldest first: the instructions an action's report tells.
   */
  async views(viewerCourtId: string, ids: readonly string[]): Promise<InstructionView[]> {
    const tree = this.#courts();
    const views = await loadInstructionViews(this.#db, ids);
    return views
      .map((v) => ({ ...v, targets: v.targets.filter((t) => tree.canSee(viewerCourtId, t.courtId)) }))
      .filter((v) => v.targets.length > 0)
      .sort((a, b) => a.issuedAt.localeCompare(b.issuedAt) || a.id.localeCompare(b.id));
  }

  /** `instruction:photo`: one team's feedback photo, for a console whose court may see that team. */
  async photo(actor: Actor, m: InstructionPhotoRequest): Promise<{ photo: string }> {
    const row = await this.#db
      .selectFrom('instruction_targets')
      .select(['court_id', 'feedback_photo'])
      .where('instruction_id', '=', m.instructionId)
      .where('team_id', '=', m.teamId)
      .executeTakeFirst();
    if (!row || !this.#courts().canSee(actor.courtId, row.court_id)) throw new NotFoundError(`指令 ${m.instructionId} / instruction ${m.instructionId}`);
    if (row.feedback_photo === null) throw new NotFoundError(`照片 / photo of instruction ${m.instructionId}`);
    return { photo: row.feedback_photo };
  }

  /**
   * One page of the instructions with a target of `teamIds` in `states`, oldest first (issued_at,
   * then id), after `after`; `next` is the cursor of the following page, null on the last one.
   */
  async #forTeams(teamIds: readonly string[], states: readonly InstructionState[], limit: number, after: Cursor | null): Promise<{ views: InstructionView[]; next: Cursor | null }> {
    if (teamIds.length === 0) return { views: [], next: null };
    // Past its expiry but not yet swept: as good as expired, never replayed or listed.
    const expiredBefore = new Date(this.#clock.now() - this.#config.expireAfterMinutes * 60_000).toISOString();
    const awaiting = states.filter((s) => AWAITING_ACK.includes(s));
    let q = this.#db
      .selectFrom('instruction_targets')
      .select(['instruction_id', 'issued_at'])
      .distinct()
      .where('team_id', 'in', teamIds)
      .where('state', 'in', states);
    if (awaiting.length > 0) q = q.where((eb) => eb.not(eb.and([eb('state', 'in', awaiting), eb('issued_at', '<=', expiredBefore)])));
    if (after !== null) {
      const { issuedAt, instructionId } = after;
      q = q.where((eb) => eb.or([eb('issued_at', '>', issuedAt), eb.and([eb('issued_at', '=', issuedAt), eb('instruction_id', '>', instructionId)])]));
    }
    const rows = await q.orderBy('issued_at').orderBy('instruction_id').limit(limit).execute();
    const last = rows.at(-1);
    const next = rows.length === limit && last ? { issuedAt: last.issued_at, instructionId: last.instruction_id } : null;
    const wanted = new Set(teamIds);
    const views = await loadInstructionViews(this.#db, rows.map((r) => r.instruction_id));
    return { views: views.map((v) => ({ ...v, targets: v.targets.filter((t) => wanted.has(t.teamId)) })), next };
  }
}
