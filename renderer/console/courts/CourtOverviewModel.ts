import type { CourtList, CourtSummary } from '../../../protocol/api.ts';
import { api } from '../../lib/api.ts';
import { Store } from '../../lib/store.ts';

export type OverviewState = { kind: 'loading' } | { kind: 'ready'; courts: readonly CourtSummary[]; at: string } | { kind: 'error'; message: string };

// Counts change slowly (cases move through stages over days); a minute keeps the wall current.
const REFRESH_MS = 60_000;

/** The court tree with case counts (the whole province on one screen), refreshed every minute. */
export class CourtOverviewModel {
  readonly state = new Store<OverviewState>({ kind: 'loading' });
  #timer: ReturnType<typeof setInterval> | null = null;
  /** Panels reading the courts now (the overview, the map): the first starts the refresh, the last stops it. */
  #users = 0;

  start(): void {
    if (this.#users++ > 0) return;
    void this.refresh();
    this.#timer = setInterval(() => void this.refresh(), REFRESH_MS);
  }

  async refresh(): Promise<void> {
    try {
      const { items } = await api<CourtList>('/api/courts');
      this.state.set({ kind: 'ready', courts: items, at: new Date().toISOString() });
    } catch (err) {
      this.state.set({ kind: 'error', message: err instanceof Error ? err.message : String(err) });
    }
  }

  stop(): void {
    if (this.#users > 0 && --this.#users > 0) return;
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }
}

/** The caller's own court (the root of what it sees), or the court drilled down to, and its direct subordinates, largest first. */
export function overviewRows(courts: readonly CourtSummary[], focus: string | null = null): { root: CourtSummary | undefined; children: CourtSummary[] } {
  const ids = new Set(courts.map((c) => c.id));
  const root = courts.find((c) => c.id === focus) ?? courts.find((c) => c.parentId === null || !ids.has(c.parentId));
  const children = courts.filter((c) => root !== undefined && c.parentId === root.id).sort((a, b) => b.total.active - a.total.active);
  return { root, children };
}
