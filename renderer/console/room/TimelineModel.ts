import type { ActionView } from '../../../protocol/action.ts';
import type { InstructionView } from '../../../protocol/instruction.ts';
import type { ActionEventMessage, ActionTimelineAnswer, TimelineEntry, TimelineKind } from '../../../protocol/timeline.ts';
import type { Warning } from '../../../protocol/warning.ts';
import { api, ApiError } from '../../lib/api.ts';
import { errorMessage } from '../../lib/dispatch.ts';
import { listen, type ClientSocket } from '../../lib/socket.ts';
import { Store } from '../../lib/store.ts';
import type { Loadable } from '../dispatch/DispatchModel.ts';

/** What the timeline panel narrows to. */
export type TimelineFilter = 'all' | 'site' | 'instructions' | 'media' | 'warnings';
export const TIMELINE_FILTERS: readonly TimelineFilter[] = ['all', 'site', 'instructions', 'media', 'warnings'];

const FILTER_KINDS: Record<Exclude<TimelineFilter, 'all'>, readonly TimelineKind[]> = {
  site: ['arrived', 'departed', 'team_assigned', 'team_released'],
  instructions: ['instruction_issued', 'instruction_step'],
  media: ['feed_on', 'feed_off', 'recording_started', 'recording_sealed', 'recording_gap'],
  warnings: ['warning_raised', 'warning_acknowledged'],
};

/** A re-read after news this long ago gathers a burst of it into one request. */
const SOON_MS = 400;
/** A recording's first segment shows up in the store once its recorder wrote the first frames. */
const AFTER_FEED_MS = 3_000;

/** The entries a filter keeps (the list itself for 'all'). */
export function filterEntries(list: readonly TimelineEntry[], filter: TimelineFilter): readonly TimelineEntry[] {
  if (filter === 'all') return list;
  const kinds = FILTER_KINDS[filter];
  return list.filter((e) => kinds.includes(e.kind));
}

/** `list` with `entry` in its place by time (after those at the same instant); an entry with the same id is replaced. */
export function mergeEntry(list: readonly TimelineEntry[], entry: TimelineEntry): readonly TimelineEntry[] {
  const rest = list.filter((e) => e.id !== entry.id);
  let i = rest.length;
  while (i > 0 && rest[i - 1]!.at > entry.at) i--;
  return [...rest.slice(0, i), entry, ...rest.slice(i)];
}

/** The teams an action's timeline says are on it now (assigned and not released since). */
export function teamsOnAction(list: readonly TimelineEntry[]): Set<string> {
  const on = new Set<string>();
  for (const e of list) {
    if (!e.team) continue;
    if (e.kind === 'team_assigned') on.add(e.team.id);
    if (e.kind === 'team_released') on.delete(e.team.id);
  }
  return on;
}

/**
 * One action's timeline on the console, outside React: read over REST (GET …/timeline), entries
 * added live by `action:event`, and read again (debounced) when the action, one of its instructions
 * or a warning of its teams changes, and after every reconnect. stop() stops listening.
 */
export class TimelineModel {
  readonly actionId: string;
  readonly entries = new Store<readonly TimelineEntry[]>([]);
  readonly state = new Store<Loadable>({ kind: 'loading' });
  readonly truncated = new Store<boolean>(false);
  readonly filter = new Store<TimelineFilter>('all');
  readonly #socket: ClientSocket;
  readonly #off: (() => void)[] = [];
  #teamIds = new Set<string>();
  /** The action's status and teams as last heard: a change of either is read again. */
  #shape = '';
  #timer: ReturnType<typeof setTimeout> | null = null;
  #generation = 0;
  /** Live entries heard while a read is on its way: the answer may be older than them. */
  #heardDuringRead: TimelineEntry[] | null = null;
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
      if (m.actionId !== actionId) return;
      this.entries.update((list) => mergeEntry(list, m.entry));
      this.#heardDuringRead?.push(m.entry);
      if (m.entry.kind === 'feed_on' || m.entry.kind === 'feed_off') this.#soon(AFTER_FEED_MS);
    };
    const onAction = (v: ActionView) => {
      if (v.id !== actionId) return;
      this.#teamIds = new Set(v.teams.map((t) => t.teamId));
      const shape = `${v.status}|${[...this.#teamIds].sort().join(',')}`;
      if (this.#shape !== '' && shape !== this.#shape) this.#soon(SOON_MS);
      this.#shape = shape;
    };
    const onInstruction = (v: InstructionView) => {
      if (v.actionId === actionId || v.targets.some((t) => this.#teamIds.has(t.teamId))) this.#soon(SOON_MS);
    };
    const onWarning = (w: Warning) => {
      if (w.teamId !== null && this.#teamIds.has(w.teamId)) this.#soon(SOON_MS);
    };
    this.#off.push(
      listen(this.#socket, {
        'action:event': onEvent,
        'action:updated': onAction,
        'instruction:updated': onInstruction,
        'warning:raised': onWarning,
        'warning:updated': onWarning,
        'session:ready': () => void this.load(),
      }),
    );
    void this.load();
  }

  /** Reads the whole timeline (again); an answer overtaken by a later read is dropped. */
  async load(): Promise<void> {
    const generation = ++this.#generation;
    const heard: TimelineEntry[] = [];
    this.#heardDuringRead = heard;
    try {
      const answer = await api<ActionTimelineAnswer>(`/api/actions/${encodeURIComponent(this.actionId)}/timeline`);
      if (generation !== this.#generation || !this.#running) return;
      this.entries.set(heard.reduce(mergeEntry, answer.entries));
      for (const id of teamsOnAction(answer.entries)) this.#teamIds.add(id);
      this.truncated.set(answer.truncated);
      this.state.set({ kind: 'ready' });
    } catch (err) {
      if (generation !== this.#generation || !this.#running) return;
      this.state.set(err instanceof ApiError && err.status === 403 ? { kind: 'forbidden' } : { kind: 'error', message: errorMessage(err) });
    } finally {
      if (generation === this.#generation) this.#heardDuringRead = null;
    }
  }

  setFilter(filter: TimelineFilter): void {
    this.filter.set(filter);
  }

  /** Stops listening and drops answers still on their way; a second call does nothing. */
  stop(): void {
    if (!this.#running) return;
    this.#running = false;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    for (const off of this.#off.splice(0)) off();
  }

  #soon(ms: number): void {
    if (!this.#running || this.#timer) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.load();
    }, ms);
  }
}
