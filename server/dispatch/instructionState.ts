import type { InstructionState } from '../../protocol/instruction.ts';

/** What a requested step does to a target in a given state. */
export type StepOutcome =
  /** The step moves the target forward: store it. */
  | 'apply'
  /** The target is already there or past it (a resend, a late delivery receipt): answer with the current state, store nothing. */
  | 'repeat'
  /** The step is not possible from here (签收 an expired instruction, feedback before 签收): ERR_INVALID_STATE. */
  | 'refuse';

/** Forward moves. done, refused and expired are final. */
const NEXT: Readonly<Record<InstructionState, readonly InstructionState[]>> = {
  // 签收 straight from issued is fine: the delivery receipt may arrive after it, or never.
  issued: ['delivered', 'acknowledged', 'refused', 'expired'],
  delivered: ['acknowledged', 'refused', 'expired'],
  // Signed for: the officer owns it now; it ends in feedback or refusal, never silently by expiry.
  acknowledged: ['done', 'refused'],
  done: [],
  refused: [],
  expired: [],
};

/** States in which the target still waits for 签收: replayed to terminals, watched by the ack sweep, may expire. */
export const AWAITING_ACK: readonly InstructionState[] = ['issued', 'delivered'];

/** States in which the target is still open for the team (a terminal's open list). */
export const OPEN_STATES: readonly InstructionState[] = ['issued', 'delivered', 'acknowledged'];

/** Decides a step from `from` to `to` (pure; the unit tests cover every pair). */
export function stepOutcome(from: InstructionState, to: InstructionState): StepOutcome {
  if (NEXT[from].includes(to)) return 'apply';
  if (from === to) return 'repeat';
  // A delivery receipt that arrives after the target moved on (signed, finished, expired) says nothing new.
  if (to === 'delivered') return 'repeat';
  return 'refuse';
}
