import type { ActionKind, TeamStatus } from '../../protocol/domain.ts';
import type { InstructionPriority, InstructionState, InstructionView } from '../../protocol/instruction.ts';
import type { Warning } from '../../protocol/warning.ts';

// Pure helpers of dispatch shared by the console and the field terminal (their words are in i18n.ts).

export const TEAM_STATUSES: readonly TeamStatus[] = ['idle', 'en_route', 'on_scene', 'returning'];

const PRIORITY_RANK: Record<InstructionPriority, number> = { critical: 0, urgent: 1, normal: 2 };
const FINAL: ReadonlySet<InstructionState> = new Set(['done', 'refused', 'expired']);

/** done, refused and expired: nothing more happens to that team's side of the instruction. */
export function isFinal(state: InstructionState): boolean {
  return FINAL.has(state);
}

/** Open while some team still has a step to take. */
export function isOpen(view: InstructionView): boolean {
  return view.targets.some((t) => !isFinal(t.state));
}

/** The field's order: open ones first, most urgent first, then oldest first (work the queue in order). */
export function sortForField(list: readonly InstructionView[]): InstructionView[] {
  const closed = (v: InstructionView) => (isOpen(v) ? 0 : 1);
  return [...list].sort(
    (a, b) => closed(a) - closed(b) || PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority] || a.issuedAt.localeCompare(b.issuedAt),
  );
}

/** The console's order: newest first. */
export function sortForConsole(list: readonly InstructionView[]): InstructionView[] {
  return [...list].sort((a, b) => b.issuedAt.localeCompare(a.issuedAt));
}

const LEVEL_RANK: Record<Warning['level'], number> = { critical: 0, high: 1, normal: 2 };

/** Warnings as the console lists them: open SOS on top, then open by level, newest first; acknowledged last. */
export function sortWarnings(list: readonly Warning[]): Warning[] {
  const rank = (w: Warning) => (w.acknowledgedAt ? 100 : 0) + (w.kind === 'sos' ? 0 : 10) + LEVEL_RANK[w.level];
  return [...list].sort((a, b) => rank(a) - rank(b) || b.raisedAt.localeCompare(a.raisedAt));
}

/** Seizure, search and eviction need two or more recorders on site (audio and video recorded throughout). */
export function recordersNeeded(kind: ActionKind): number {
  return kind === 'summons' ? 1 : 2;
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
