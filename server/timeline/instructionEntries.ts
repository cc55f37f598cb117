import type { Kysely } from 'kysely';
import type { TimelineEntry } from '../../protocol/timeline.ts';
import type { Database } from '../store/index.ts';
import { instructionEntry, stepEntry } from './entries.ts';
import type { TeamBook } from './TimelineQueries.ts';

/**
 * The instructions of an action's timeline and every step of them: those issued to the action (one
 * click on it), and those issued to its teams while it ran (`span`: from the start to the end, or
 * now). Only targets among `teamIds` (the action's teams the reader may see) are told; an
 * instruction with none of them left is not.
 */
export async function instructionEntries(
  db: Kysely<Database>,
  actionId: string,
  teamIds: readonly string[],
  span: { from: string; to: string } | null,
  book: TeamBook,
): Promise<TimelineEntry[]> {
  if (teamIds.length === 0) return [];
  const toAction = await db.selectFrom('instructions').select('id').where('action_id', '=', actionId).execute();
  const toTeams = span
    ? await db
        .selectFrom('instruction_targets')
        .select('instruction_id as id')
        .distinct()
        .where('team_id', 'in', [...teamIds])
        .where('issued_at', '>=', span.from)
        .where('issued_at', '<=', span.to)
        .execute()
    : [];
  const ids = [...new Set([...toAction, ...toTeams].map((r) => r.id))];
  if (ids.length === 0) return [];
  const [instructions, targets, steps] = await Promise.all([
    db.selectFrom('instructions').select(['id', 'text', 'priority', 'issued_at', 'issued_by', 'issued_by_name']).where('id', 'in', ids).execute(),
    db.selectFrom('instruction_targets').select(['instruction_id', 'team_id']).where('instruction_id', 'in', ids).where('team_id', 'in', [...teamIds]).execute(),
    db
      .selectFrom('instruction_events')
      .select(['id', 'instruction_id', 'team_id', 'kind', 'at', 'actor_user_id', 'actor_name', 'detail'])
      .where('instruction_id', 'in', ids)
      .where('kind', '!=', 'issued')
      .where('team_id', 'in', [...teamIds])
      .orderBy('at')
      .execute(),
  ]);
  const out: TimelineEntry[] = [];
  const textOf = new Map(instructions.map((i) => [i.id, i.text]));
  for (const i of instructions) {
    const names = targets.filter((t) => t.instruction_id === i.id).flatMap((t) => book.entry(t.team_id)?.name ?? []);
    if (names.length > 0) out.push(instructionEntry(i, names));
  }
  for (const s of steps) {
    const team = book.entry(s.team_id);
    if (team) out.push(stepEntry(s, team, textOf.get(s.instruction_id) ?? ''));
  }
  return out;
}
