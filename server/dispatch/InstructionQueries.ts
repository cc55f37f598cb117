import type { Kysely } from 'kysely';
import type { Config } from '../../config/schema.ts';
import type { InstructionPhotoRequest, InstructionState, InstructionView, ListInstructions } from '../../protocol/instruction.ts';
import type { CourtTree } from '../courts/CourtTree.ts';
import { coversAllCourts } from '../courts/scope.ts';
import { NotFoundError } from '../errors.ts';
import type { Database } from '../store/schema.ts';
import type { TeamDirectory } from '../teams/TeamDirectory.ts';
import type { Actor } from './actor.ts';
import { loadInstructionViews } from './instructionRecords.ts';
import { AWAITING_ACK, OPEN_STATES } from './instructionState.ts';

export interface InstructionQueriesOptions {
  db: Kysely<Database>;
  courts: () => CourtTree;
  teams: TeamDirectory;
  config: Config['dispatch'];
  now?: () => Date;
}

const DEFAULT_LIST = 50;

/**
 * The read side of instructions: what a connecting terminal is sent again, the lists of terminals
 * and consoles, feedback photos. Every answer is cut to what the asker's team or court branch may see.
 */
export class InstructionQueries {
  readonly #db: Kysely<Database>;
  readonly #courts: () => CourtTree;
  readonly #teams: TeamDirectory;
  readonly #config: Config['dispatch'];
  readonly #now: () => Date;

  constructor(opts: InstructionQueriesOptions) {
    this.#db = opts.db;
    this.#courts = opts.courts;
    this.#teams = opts.teams;
    this.#config = opts.config;
    this.#now = opts.now ?? (() => new Date());
  }

  /**
   * Instructions still waiting for 签收 by any of `teamIds` (issued or delivered, not expired),
   * oldest first, each with only those teams' targets: what a connecting terminal is sent again.
   */
  async awaitingAck(teamIds: readonly string[]): Promise<InstructionView[]> {
    return this.#forTeams(teamIds, AWAITING_ACK, DEFAULT_LIST * 4);
  }

  /** `instruction:list` from a terminal: its teams' open instructions (not yet done, refused or expired), oldest first. */
  async listForTerminal(actor: Actor, m: ListInstructions): Promise<InstructionView[]> {
    const teams = await this.#teams.teamsOf(actor.userId);
    return this.#forTeams(
      teams.map((t) => t.id),
      OPEN_STATES,
      m.limit ?? DEFAULT_LIST,
    );
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

  async #forTeams(teamIds: readonly string[], states: readonly InstructionState[], limit: number): Promise<InstructionView[]> {
    if (teamIds.length === 0) return [];
    const expiredBefore = new Date(this.#now().getTime() - this.#config.expireAfterMinutes * 60_000).toISOString();
    const rows = await this.#db
      .selectFrom('instruction_targets')
      .select(['instruction_id', 'state', 'issued_at'])
      .where('team_id', 'in', teamIds)
      .where('state', 'in', states)
      .orderBy('issued_at')
      .orderBy('instruction_id')
      .limit(limit * 2)
      .execute();
    // Past its expiry but not yet swept: as good as expired, never replayed.
    const live = rows.filter((r) => !(AWAITING_ACK.includes(r.state) && r.issued_at <= expiredBefore));
    const ids = [...new Set(live.map((r) => r.instruction_id))].slice(0, limit);
    const wanted = new Set(teamIds);
    const views = await loadInstructionViews(this.#db, ids);
    return views.map((v) => ({ ...v, targets: v.targets.filter((t) => wanted.has(t.teamId)) }));
  }
}
