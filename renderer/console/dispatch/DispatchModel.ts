import type { ActionView } from '../../../protocol/action.ts';
import type { TeamInfo, TeamList } from '../../../protocol/api.ts';
import type { InstructionPriority, InstructionTemplate, InstructionView, IssueInstruction } from '../../../protocol/instruction.ts';
import type { Warning } from '../../../protocol/warning.ts';
import { api } from '../../lib/api.ts';
import { errorMessage, isOpen, sortForConsole, sortWarnings } from '../../lib/dispatch.ts';
import { tBoth } from '../../lib/i18n.ts';
import { LiveList } from '../../lib/LiveList.ts';
import { mergeInstruction, mergeWarning, oldestOpen, readBack } from '../../lib/resync.ts';
import { request, RequestError, type ClientSocket } from '../../lib/socket.ts';
import { Store } from '../../lib/store.ts';
import { applyFrame, logFrame, logUpdate, rowsAfterRead, type TeamLive, type TeamRow } from './teamRows.ts';

/** Page size of instruction:list and warning:list when the console reads them again. */
const PAGE = 100;
/** How far back a resync reads to reach an item still open on screen (10 pages: 1,000 items). */
const MAX_PAGES = 10;

export type Loadable = { kind: 'loading' } | { kind: 'ready' } | { kind: 'forbidden' } | { kind: 'error'; message: string };

export type IssueState = { kind: 'idle' } | { kind: 'sending' } | { kind: 'sent'; instructionId: string } | { kind: 'error'; message: string; retryable: boolean };

/** What the composer sends: a template key or free text. */
export type IssueWhat = { template: string } | { text: string };

/**
 * The console's dispatch desk outside React: teams, one-click templates, instructions and their
 * state per team, warnings. The panel reads these stores and calls these methods.
 */
export class DispatchModel {
  readonly teams = new Store<readonly TeamRow[]>([]);
  /** The teams as GET /api/teams gave them (members, devices, last stored position): the map's team card reads these. */
  readonly teamInfos = new Store<readonly TeamInfo[]>([]);
  readonly teamsState = new Store<Loadable>({ kind: 'loading' });
  readonly templates = new Store<readonly InstructionTemplate[]>([]);
  /** false when this role may not issue (templates answered ERR_FORBIDDEN). */
  readonly canIssue = new Store<boolean>(false);
  readonly #instructions = new LiveList<InstructionView>({ merge: mergeInstruction, order: sortForConsole });
  readonly instructions = this.#instructions.items;
  readonly instructionsState = new Store<Loadable>({ kind: 'loading' });
  readonly #warnings = new LiveList<Warning>({ merge: mergeWarning, order: sortWarnings });
  readonly warnings = this.#warnings.items;
  readonly warningsState = new Store<Loadable>({ kind: 'loading' });
  readonly selected = new Store<ReadonlySet<string>>(new Set());
  /** An action picked as the target instead of teams: the instruction goes to all its teams. */
  readonly targetAction = new Store<ActionView | null>(null);
  readonly priority = new Store<InstructionPriority>('normal');
  readonly issueState = new Store<IssueState>({ kind: 'idle' });
  readonly ackErrors = new Store<Readonly<Record<string, string>>>({});
  /** Bumped when something outside the panel (the map) asks for the composer: it scrolls into view. */
  readonly composerRequest = new Store(0);
  readonly #socket: ClientSocket;
  /** The last request that got no answer: a retry resends it with the same clientKey. */
  #pending: IssueInstruction | null = null;
  /** What the socket said about teams since it last connected (rowsAfterRead lays it over REST). */
  #teamLog = new Map<string, TeamLive>();

  constructor(socket: ClientSocket) {
    this.#socket = socket;
    // A new connection starts a new log; what it sends before session:ready (a full frame, lost teams) is in it.
    socket.on('connect', () => (this.#teamLog = new Map()));
    socket.on('positions', (frame) => {
      logFrame(this.#teamLog, frame);
      this.teams.update((rows) => applyFrame(rows, frame));
    });
    socket.on('team:updated', (u) => {
      logUpdate(this.#teamLog, u.teamId, u);
      this.teams.update((rows) => rows.map((r) => (r.id === u.teamId ? { ...r, status: u.status, lost: u.lost } : r)));
    });
    socket.on('team:lost', (l) => {
      logUpdate(this.#teamLog, l.teamId, { lost: true });
      this.teams.update((rows) => rows.map((r) => (r.id === l.teamId ? { ...r, lost: true } : r)));
    });
    socket.on('instruction:updated', (v) => this.#instructions.apply(v));
    socket.on('warning:raised', (w) => this.#warnings.apply(w));
    socket.on('warning:updated', (w) => this.#warnings.apply(w));
  }

  /** Reads teams, templates, instructions and warnings again: call after every session:ready (the lists moved while we were away). */
  async resync(): Promise<void> {
    await Promise.all([this.#loadTeams(), this.#loadTemplates(), this.#loadInstructions(), this.#loadWarnings()]);
  }

  async #loadTeams(): Promise<void> {
    try {
      const { items } = await api<TeamList>('/api/teams');
      this.teamInfos.set(items);
      this.teams.set(rowsAfterRead(items, this.#teamLog));
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

  #loadInstructions(): Promise<void> {
    const fetch = (before?: string) => request(this.#socket, 'instruction:list', { limit: PAGE, ...(before ? { before } : {}) });
    return reread(this.#instructions, this.instructionsState, fetch, (v) => v.issuedAt, isOpen);
  }

  #loadWarnings(): Promise<void> {
    const fetch = (before?: string) => request(this.#socket, 'warning:list', { limit: PAGE, ...(before ? { before } : {}) });
    return reread(this.#warnings, this.warningsState, fetch, (w) => w.raisedAt, (w) => w.acknowledgedAt === null);
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

  /** One click from the map (下达指令): this team becomes the only target and the composer comes into view. */
  selectOnly(teamId: string): void {
    this.targetAction.set(null);
    this.selected.set(new Set([teamId]));
    this.composerRequest.update((n) => n + 1);
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
      this.issueState.set({ kind: 'error', message: tBoth('composer.noTarget'), retryable: false });
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

  /** Acknowledges a warning (the console's confirm button). */
  async acknowledgeWarning(warningId: string): Promise<void> {
    try {
      this.#warnings.apply(await request(this.#socket, 'warning:ack', { warningId }));
      this.ackErrors.update(({ [warningId]: _, ...rest }) => rest);
    } catch (err) {
      this.ackErrors.update((e) => ({ ...e, [warningId]: errorMessage(err) }));
    }
  }
}

/** A list the role may not read is 'forbidden' (the panel says so); anything else an error. */
export function loadFailure(err: unknown): Loadable {
  return err instanceof RequestError && err.code === 'ERR_FORBIDDEN' ? { kind: 'forbidden' } : { kind: 'error', message: errorMessage(err) };
}

/** Reads a paged list again, back to the oldest item still open on screen; its panel's state follows. */
async function reread<T extends { id: string }>(
  list: LiveList<T>,
  state: Store<Loadable>,
  fetch: (before?: string) => Promise<readonly T[]>,
  at: (item: T) => string,
  isOpen: (item: T) => boolean,
): Promise<void> {
  const until = oldestOpen(list.items.get(), isOpen, at);
  try {
    await list.sync((take) => readBack({ fetch, at, limit: PAGE, until, take, maxPages: MAX_PAGES }));
    state.set({ kind: 'ready' });
  } catch (err) {
    state.set(loadFailure(err));
  }
}
