import type { ActionView } from '../../../protocol/action.ts';
import type { TeamInfo, TeamList } from '../../../protocol/api.ts';
import type { TeamStatus } from '../../../protocol/domain.ts';
import type { InstructionPriority, InstructionTemplate, InstructionView, IssueInstruction } from '../../../protocol/instruction.ts';
import type { PositionFrame } from '../../../protocol/position.ts';
import type { Warning } from '../../../protocol/warning.ts';
import { api } from '../../lib/api.ts';
import { errorMessage, sortForConsole, sortWarnings, upsertById } from '../../lib/dispatch.ts';
import { request, RequestError, type ClientSocket } from '../../lib/socket.ts';
import { Store } from '../../lib/store.ts';

/** A team as the dispatch panel shows it: the REST row, kept live by 'positions' and 'team:updated'. */
export interface TeamRow {
  id: string;
  courtId: string;
  name: string;
  vehicle: string | null;
  status: TeamStatus;
  lost: boolean;
  /** When the last position was fixed (epoch ms), or null when none is known. */
  fixedAt: number | null;
}

export type Loadable = { kind: 'loading' } | { kind: 'ready' } | { kind: 'forbidden' } | { kind: 'error'; message: string };

export type IssueState = { kind: 'idle' } | { kind: 'sending' } | { kind: 'sent'; instructionId: string } | { kind: 'error'; message: string; retryable: boolean };

/** What the composer sends: a template key or free text. */
export type IssueWhat = { template: string } | { text: string };

export function teamRow(t: TeamInfo): TeamRow {
  return {
    id: t.id,
    courtId: t.courtId,
    name: t.name,
    vehicle: t.vehicle,
    status: t.status,
    lost: false,
    fixedAt: t.lastPosition ? Date.parse(t.lastPosition.at) : null,
  };
}

/** Applies one positions frame to the team rows (pure; a new array only when something changed). */
export function applyFrame(rows: readonly TeamRow[], frame: PositionFrame): readonly TeamRow[] {
  const index = new Map(frame.teamIds.map((id, i) => [id, i]));
  let changed = false;
  const next = rows.map((r) => {
    const i = index.get(r.id);
    if (i === undefined) return r;
    const fixedAt = frame.fixedAt[i] ?? r.fixedAt;
    const status = frame.status[i] ?? r.status;
    if (fixedAt === r.fixedAt && status === r.status) return r;
    changed = true;
    return { ...r, fixedAt, status };
  });
  return changed ? next : rows;
}

/**
 * The console's dispatch desk outside React: teams, one-click templates, instructions and their
 * state per team, warnings. The panel reads these stores and calls these methods.
 */
export class DispatchModel {
  readonly teams = new Store<readonly TeamRow[]>([]);
  readonly teamsState = new Store<Loadable>({ kind: 'loading' });
  readonly templates = new Store<readonly InstructionTemplate[]>([]);
  /** false when this role may not issue (templates answered ERR_FORBIDDEN). */
  readonly canIssue = new Store<boolean>(false);
  readonly instructions = new Store<readonly InstructionView[]>([]);
  readonly instructionsState = new Store<Loadable>({ kind: 'loading' });
  readonly warnings = new Store<readonly Warning[]>([]);
  readonly warningsState = new Store<Loadable>({ kind: 'loading' });
  readonly selected = new Store<ReadonlySet<string>>(new Set());
  /** An action picked as the target instead of teams: the instruction goes to all its teams. */
  readonly targetAction = new Store<ActionView | null>(null);
  readonly priority = new Store<InstructionPriority>('normal');
  readonly issueState = new Store<IssueState>({ kind: 'idle' });
  readonly ackErrors = new Store<Readonly<Record<string, string>>>({});
  readonly #socket: ClientSocket;
  /** The last request that got no answer: a retry resends it with the same clientKey. */
  #pending: IssueInstruction | null = null;

  constructor(socket: ClientSocket) {
    this.#socket = socket;
    socket.on('positions', (frame) => this.teams.update((rows) => applyFrame(rows, frame)));
    socket.on('team:updated', (u) =>
      this.teams.update((rows) => rows.map((r) => (r.id === u.teamId ? { ...r, status: u.status, lost: u.lost } : r))),
    );
    socket.on('team:lost', (l) => this.teams.update((rows) => rows.map((r) => (r.id === l.teamId ? { ...r, lost: true } : r))));
    socket.on('instruction:updated', (v) => this.instructions.update((list) => sortForConsole(upsertById(list, [v]))));
    socket.on('warning:raised', (w) => this.warnings.update((list) => sortWarnings(upsertById(list, [w]))));
    socket.on('warning:updated', (w) => this.warnings.update((list) => sortWarnings(upsertById(list, [w]))));
    // After every (re)connect: the lists may have moved while we were away.
    socket.on('session:ready', () => void this.#load());
  }

  async #load(): Promise<void> {
    await Promise.all([this.loadTeams(), this.#loadTemplates(), this.#loadInstructions(), this.#loadWarnings()]);
  }

  async loadTeams(): Promise<void> {
    try {
      const { items } = await api<TeamList>('/api/teams');
      const live = new Map(this.teams.get().map((r) => [r.id, r]));
      // A frame may have arrived before the list: keep the newer position and status.
      this.teams.set(
        items.map(teamRow).map((r) => {
          const old = live.get(r.id);
          return old && (old.fixedAt ?? 0) >= (r.fixedAt ?? 0) ? { ...r, fixedAt: old.fixedAt, status: old.status, lost: old.lost } : r;
        }),
      );
      this.teamsState.set({ kind: 'ready' });
    } catch (err) {
      this.teamsState.set({ kind: 'error', message: errorMessage(err) });
    }
  }

  async #loadTemplates(): Promise<void> {
    try {
      this.templates.set(await request(this.#socket, 'instruction:templates'));
      this.canIssue.set(true);
    } catch (err) {
      this.canIssue.set(false);
      if (!(err instanceof RequestError && err.code === 'ERR_FORBIDDEN')) this.issueState.set({ kind: 'error', message: errorMessage(err), retryable: false });
    }
  }

  async #loadInstructions(): Promise<void> {
    try {
      const list = await request(this.#socket, 'instruction:list', { limit: 100 });
      this.instructions.update((old) => sortForConsole(upsertById(old, list)));
      this.instructionsState.set({ kind: 'ready' });
    } catch (err) {
      this.instructionsState.set(err instanceof RequestError && err.code === 'ERR_FORBIDDEN' ? { kind: 'forbidden' } : { kind: 'error', message: errorMessage(err) });
    }
  }

  async #loadWarnings(): Promise<void> {
    try {
      const list = await request(this.#socket, 'warning:list', { limit: 100 });
      this.warnings.update((old) => sortWarnings(upsertById(old, list)));
      this.warningsState.set({ kind: 'ready' });
    } catch (err) {
      this.warningsState.set(err instanceof RequestError && err.code === 'ERR_FORBIDDEN' ? { kind: 'forbidden' } : { kind: 'error', message: errorMessage(err) });
    }
  }

  toggleTeam(teamId: string): void {
    this.targetAction.set(null);
    this.selected.update((s) => {
      const next = new Set(s);
      if (next.has(teamId)) next.delete(teamId);
      else next.add(teamId);
      return next;
    });
  }

  clearSelection(): void {
    this.selected.set(new Set());
    this.targetAction.set(null);
  }

  /** One click on an action: it becomes the target (its teams, tied to the action); again to drop it. */
  pickAction(action: ActionView): void {
    this.selected.set(new Set());
    this.targetAction.update((current) => (current?.id === action.id ? null : action));
  }

  /** A feedback photo (data: URL), fetched only when the dispatcher asks to see it. */
  photo(instructionId: string, teamId: string): Promise<string> {
    return request(this.#socket, 'instruction:photo', { instructionId, teamId }).then((r) => r.photo);
  }

  setPriority(p: InstructionPriority): void {
    this.priority.set(p);
  }

  /** Issues to the picked action's teams, or to the selected teams, with a fresh clientKey (kept for retry()). */
  async issue(what: IssueWhat): Promise<boolean> {
    const action = this.targetAction.get();
    const teamIds = [...this.selected.get()];
    if (!action && teamIds.length === 0) {
      this.issueState.set({ kind: 'error', message: '请先选择执行组或行动 / select a team or an action', retryable: false });
      return false;
    }
    const target = action ? { actionId: action.id, caseId: action.caseId } : { teamIds };
    this.#pending = { clientKey: crypto.randomUUID(), ...target, priority: this.priority.get(), ...what };
    return this.retry();
  }

  /** Resends the last unanswered instruction with its clientKey: the server makes it one instruction. */
  async retry(): Promise<boolean> {
    const payload = this.#pending;
    if (!payload) return false;
    this.issueState.set({ kind: 'sending' });
    try {
      const { instructionId } = await request(this.#socket, 'instruction:issue', payload);
      this.#pending = null;
      this.issueState.set({ kind: 'sent', instructionId });
      return true;
    } catch (err) {
      // A refusal (bad team, forbidden) will not succeed on retry: forget it. A timeout may.
      if (!(err instanceof RequestError && err.code === 'ERR_TIMEOUT')) this.#pending = null;
      this.issueState.set({ kind: 'error', message: errorMessage(err), retryable: this.#pending !== null });
      return false;
    }
  }

  /** 确认 a warning. */
  async acknowledgeWarning(warningId: string): Promise<void> {
    try {
      const w = await request(this.#socket, 'warning:ack', { warningId });
      this.warnings.update((list) => sortWarnings(upsertById(list, [w])));
      this.ackErrors.update(({ [warningId]: _, ...rest }) => rest);
    } catch (err) {
      this.ackErrors.update((e) => ({ ...e, [warningId]: errorMessage(err) }));
    }
  }
}
