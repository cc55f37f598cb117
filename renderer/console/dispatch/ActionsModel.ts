import type { ActionView } from '../../../protocol/action.ts';
import { errorMessage } from '../../lib/dispatch.ts';
import { LiveList } from '../../lib/LiveList.ts';
import { mergeAction } from '../../lib/resync.ts';
import { request, type ClientSocket } from '../../lib/socket.ts';
import { Store } from '../../lib/store.ts';
import { loadFailure, type Loadable } from './DispatchModel.ts';
import { RecordingsModel } from './recordings/RecordingsModel.ts';

/** action:list's page: a shorter answer holds every open action of the branch. */
const LIMIT = 100;

const RISK_RANK = { red: 0, yellow: 1, blue: 2, green: 3 } as const;

/** As the server lists them: ongoing first, then the riskiest, then the soonest; finished and cancelled ones leave the list. */
export function sortActions(list: readonly ActionView[]): readonly ActionView[] {
  const statusRank = (a: ActionView) => (a.status === 'ongoing' ? 0 : 1);
  return list
    .filter((a) => a.status === 'planned' || a.status === 'ongoing')
    .sort((a, b) => statusRank(a) - statusRank(b) || RISK_RANK[a.riskColour] - RISK_RANK[b.riskColour] || a.plannedAt.localeCompare(b.plannedAt));
}

/**
 * The open enforcement actions of the console's branch, outside React: the list (kept live by
 * 'action:updated'), the one followed live (its room: watchers show on the officers' phones), and
 * the dispatcher's moves (start, finish). Picking an action makes it the composer's target.
 */
export class ActionsModel {
  readonly #list = new LiveList<ActionView>({ merge: mergeAction, order: sortActions });
  readonly actions = this.#list.items;
  readonly state = new Store<Loadable>({ kind: 'loading' });
  /** The action followed live, or null. */
  readonly followed = new Store<string | null>(null);
  readonly error = new Store<string | null>(null);
  /** The recordings (执行过程记录) of the action opened from its row. */
  readonly recordings = new RecordingsModel();
  readonly #socket: ClientSocket;

  constructor(socket: ClientSocket) {
    this.#socket = socket;
    socket.on('action:updated', (v) => this.#list.apply(v));
  }

  /** Reads the open actions again and follows the followed one again (a new socket is in no room): call after every session:ready. */
  async resync(): Promise<void> {
    let complete = false;
    try {
      await this.#list.sync(async (take) => {
        const list = await request(this.#socket, 'action:list', { limit: LIMIT });
        complete = list.length < LIMIT;
        take(list, { complete });
      });
      this.state.set({ kind: 'ready' });
    } catch (err) {
      this.state.set(loadFailure(err));
      return;
    }
    const followed = this.followed.get();
    if (!followed) return;
    // Left out of a complete list: finished or cancelled while we were away, nothing left to follow.
    if (complete && !this.actions.get().some((a) => a.id === followed)) this.followed.set(null);
    else await this.follow(followed);
  }

  /** Follow: joins the action's room (one at a time); the officers see who is watching. */
  async follow(actionId: string): Promise<void> {
    const before = this.followed.get();
    try {
      if (before && before !== actionId) await request(this.#socket, 'action:unfollow', { actionId: before });
      const view = await request(this.#socket, 'action:follow', { actionId });
      this.#list.apply(view);
      this.followed.set(actionId);
      this.error.set(null);
    } catch (err) {
      this.error.set(errorMessage(err));
    }
  }

  async unfollow(): Promise<void> {
    const actionId = this.followed.get();
    if (!actionId) return;
    this.followed.set(null);
    try {
      await request(this.#socket, 'action:unfollow', { actionId });
    } catch (err) {
      this.error.set(errorMessage(err));
    }
  }

  /** Assign: the selected teams become the action's teams (their phones are briefed at once). */
  async assign(actionId: string, teamIds: readonly string[]): Promise<void> {
    try {
      const view = await request(this.#socket, 'action:assign', { actionId, teamIds: [...teamIds] });
      this.#list.apply(view);
      this.error.set(null);
    } catch (err) {
      this.error.set(errorMessage(err));
    }
  }

  /** Start, finish or cancel. */
  async setStatus(actionId: string, status: 'ongoing' | 'finished' | 'cancelled'): Promise<void> {
    try {
      const view = await request(this.#socket, 'action:status', { actionId, status });
      this.#list.apply(view);
      this.error.set(null);
    } catch (err) {
      this.error.set(errorMessage(err));
    }
  }
}
