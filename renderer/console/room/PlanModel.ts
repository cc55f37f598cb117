import type { ActionView } from '../../../protocol/action.ts';
import type { ActionPlanAnswer, ActionPlanContent } from '../../../protocol/plan.ts';
import type { ActionEventMessage } from '../../../protocol/timeline.ts';
import { api, ApiError } from '../../lib/api.ts';
import { errorMessage } from '../../lib/dispatch.ts';
import { listen, request, type ClientSocket } from '../../lib/socket.ts';
import { Store } from '../../lib/store.ts';
import type { Loadable } from '../dispatch/DispatchModel.ts';

/** The content a new version starts from: the latest version's, or what the action already says. */
export function draftOf(answer: ActionPlanAnswer): ActionPlanContent {
  const latest = answer.versions.at(-1)?.version;
  if (answer.plan && answer.plan.version === latest) return answer.plan.content;
  const d = answer.draft;
  return { objective: '', kind: d.kind, riskColour: d.riskColour, riskReasons: d.riskReasons, teams: [], documents: [], contingencies: [], siteRadiusM: d.siteRadiusM };
}

/** Why a draft cannot be saved yet, or null: the same rules the server's schema applies, said before the round trip. */
export function draftProblem(d: ActionPlanContent): 'plan.invalid' | null {
  const blank = (s: string) => s.trim() === '';
  if (blank(d.objective)) return 'plan.invalid';
  if (d.documents.some((x) => blank(x.name) || blank(x.number))) return 'plan.invalid';
  if (d.contingencies.some((x) => blank(x.risk) || blank(x.response))) return 'plan.invalid';
  return null;
}

/** A draft as it is sent: blank reasons and empty tasks dropped. */
export function cleaned(d: ActionPlanContent): ActionPlanContent {
  return {
    ...d,
    objective: d.objective.trim(),
    riskReasons: d.riskReasons.map((r) => r.trim()).filter((r) => r !== ''),
    teams: d.teams.map((t) => (t.task?.trim() ? { ...t, task: t.task.trim() } : { teamId: t.teamId, role: t.role })),
  };
}

/**
 * One action's plan (预案) on the console, outside React: the version shown (the latest, or an older
 * one picked), the draft being edited (null when not editing), and saving it as a new version. Read
 * again when someone else saves (`action:event` plan_saved), when the action starts (frozen), and
 * after a reconnect. stop() stops listening.
 */
export class PlanModel {
  readonly actionId: string;
  readonly answer = new Store<ActionPlanAnswer | null>(null);
  readonly state = new Store<Loadable>({ kind: 'loading' });
  readonly draft = new Store<ActionPlanContent | null>(null);
  readonly saving = new Store<boolean>(false);
  readonly error = new Store<string | null>(null);
  readonly #socket: ClientSocket;
  readonly #off: (() => void)[] = [];
  /** The version picked (null: the latest). */
  #version: number | null = null;
  #status: ActionView['status'] | null = null;
  #generation = 0;
  #running = false;

  constructor(socket: ClientSocket, actionId: string) {
    this.#socket = socket;
    this.actionId = actionId;
  }

  /** Listens for news of the action and reads it; start() after stop() starts again. */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    const actionId = this.actionId;
    const onEvent = (m: ActionEventMessage) => {
      if (m.actionId === actionId && m.entry.kind === 'plan_saved') void this.load();
    };
    const onAction = (v: ActionView) => {
      if (v.id !== actionId) return;
      const changed = this.#status !== null && v.status !== this.#status;
      this.#status = v.status;
      if (!changed) return;
      // Started (or cancelled) while someone edited: the plan is frozen, the draft can no longer be saved.
      if (v.status !== 'planned') this.draft.set(null);
      void this.load();
    };
    this.#off.push(listen(this.#socket, { 'action:event': onEvent, 'action:updated': onAction, 'session:ready': () => void this.load() }));
    void this.load();
  }

  /** Reads the plan (again): the version picked, or the latest. */
  async load(): Promise<void> {
    const generation = ++this.#generation;
    const query = this.#version === null ? '' : `?version=${this.#version}`;
    try {
      const answer = await api<ActionPlanAnswer>(`/api/actions/${encodeURIComponent(this.actionId)}/plan${query}`);
      if (generation !== this.#generation || !this.#running) return;
      this.answer.set(answer);
      this.#status = answer.status;
      this.state.set({ kind: 'ready' });
    } catch (err) {
      if (generation !== this.#generation || !this.#running) return;
      this.state.set(err instanceof ApiError && err.status === 403 ? { kind: 'forbidden' } : { kind: 'error', message: errorMessage(err) });
    }
  }

  /** Shows another version (null: the latest). */
  async show(version: number | null): Promise<void> {
    this.#version = version;
    await this.load();
  }

  /** Starts editing from the latest version (or the action's own facts when there is none). */
  edit(): void {
    const answer = this.answer.get();
    if (!answer?.editable) return;
    this.error.set(null);
    this.draft.set(draftOf(answer));
  }

  update(fn: (d: ActionPlanContent) => ActionPlanContent): void {
    const d = this.draft.get();
    if (d) this.draft.set(fn(d));
  }

  cancel(): void {
    this.draft.set(null);
    this.error.set(null);
  }

  /** Saves the draft as the next version (on top of the latest this console read); stays editing on a refusal. */
  async save(): Promise<void> {
    const d = this.draft.get();
    const answer = this.answer.get();
    if (!d || !answer || this.saving.get()) return;
    this.saving.set(true);
    try {
      const saved = await request(this.#socket, 'action:plan:save', { actionId: this.actionId, baseVersion: answer.versions.at(-1)?.version ?? 0, content: cleaned(d) });
      this.#version = null;
      this.answer.set(saved);
      this.draft.set(null);
      this.error.set(null);
    } catch (err) {
      this.error.set(errorMessage(err));
    } finally {
      this.saving.set(false);
    }
  }

  /** Stops listening; a second call does nothing. */
  stop(): void {
    if (!this.#running) return;
    this.#running = false;
    for (const off of this.#off.splice(0)) off();
  }
}
