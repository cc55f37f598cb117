import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { InstructionState, InstructionView } from '../../protocol/instruction.ts';
import type { Database } from '../store/index.ts';
import { SYSTEM_ACTOR, type Actor } from '../auth/index.ts';

// The instruction tables as the service and its sweeper read and write them: views for the wire,
// and one instruction_events row per team and change.

/** The target columns every view needs (never the photo itself). */
const TARGET_COLUMNS = [
  'instruction_targets.instruction_id',
  'instruction_targets.team_id',
  'instruction_targets.court_id',
  'instruction_targets.state',
  'instruction_targets.delivered_at',
  'instruction_targets.acknowledged_at',
  'instruction_targets.acknowledged_by',
  'instruction_targets.acknowledged_by_name',
  'instruction_targets.finished_at',
  'instruction_targets.finished_by',
  'instruction_targets.finished_by_name',
  'instruction_targets.feedback_text',
  'instruction_targets.refuse_reason',
  'instruction_targets.escalated_at',
  'teams.name as team_name',
] as const;

/** Views of `ids` in the order given, with every target; unknown ids are left out. */
export async function loadInstructionViews(db: Kysely<Database>, ids: readonly string[]): Promise<InstructionView[]> {
  if (ids.length === 0) return [];
  const [instructions, targets] = await Promise.all([
    db.selectFrom('instructions').selectAll().where('id', 'in', ids).execute(),
    db
      .selectFrom('instruction_targets')
      .innerJoin('teams', 'teams.id', 'instruction_targets.team_id')
      .select(TARGET_COLUMNS)
      .select((eb) => eb.case().when('instruction_targets.feedback_photo', 'is', null).then(0).else(1).end().as('has_photo'))
      .where('instruction_targets.instruction_id', 'in', ids)
      .orderBy('instruction_targets.court_id')
      .orderBy('teams.name')
      .orderBy('instruction_targets.team_id')
      .execute(),
  ]);
  const byId = new Map(instructions.map((i) => [i.id, i]));
  const out: InstructionView[] = [];
  for (const id of ids) {
    const i = byId.get(id);
    if (!i) continue;
    out.push({
      id: i.id,
      text: i.text,
      template: i.template,
      priority: i.priority,
      issuedAt: i.issued_at,
      issuedBy: { id: i.issued_by, name: i.issued_by_name },
      courtId: i.court_id,
      caseId: i.case_id,
      actionId: i.action_id,
      targets: targets
        .filter((t) => t.instruction_id === id)
        .map((t) => ({
          teamId: t.team_id,
          teamName: t.team_name,
          courtId: t.court_id,
          state: t.state,
          deliveredAt: t.delivered_at,
          acknowledgedAt: t.acknowledged_at,
          acknowledgedBy: t.acknowledged_by !== null ? { id: t.acknowledged_by, name: t.acknowledged_by_name ?? '' } : null,
          finishedAt: t.finished_at,
          finishedBy: t.finished_by !== null ? { id: t.finished_by, name: t.finished_by_name ?? '' } : null,
          feedback: t.feedback_text !== null ? { text: t.feedback_text, hasPhoto: Number(t.has_photo) === 1 } : null,
          refuseReason: t.refuse_reason,
          escalatedAt: t.escalated_at,
        })),
    });
  }
  return out;
}

/** One instruction_events row per team: what happened to the instruction, when, by whom. */
export async function recordInstructionEvents(
  trx: Transaction<Database>,
  instructionId: string,
  teamIds: readonly string[],
  kind: InstructionState | 'escalated',
  actor: Actor | null,
  now: Date,
  detail: Record<string, unknown>,
): Promise<void> {
  await trx
    .insertInto('instruction_events')
    .values(
      teamIds.map((teamId) => ({
        id: randomUUID(),
        instruction_id: instructionId,
        team_id: teamId,
        kind,
        at: now.toISOString(),
        actor_user_id: actor?.userId ?? null,
        actor_name: actor?.name ?? SYSTEM_ACTOR,
        detail: JSON.stringify(detail),
      })),
    )
    .execute();
}
