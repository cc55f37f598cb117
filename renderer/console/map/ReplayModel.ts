import type { ActionTrackAnswer, TeamTrack, TeamTrackAnswer } from '../../../protocol/map.ts';
import { api } from '../../lib/api.ts';
import { errorMessage } from '../../lib/dispatch.ts';
import { Store } from '../../lib/store.ts';

// Track replay (TripsLayer): one team over a chosen span, or every team of an action over the
// action's span. Time runs in seconds from the answer's `origin`; the player advances it by wall
// time × speed, and the slider moves it by hand.

/** What is replayed. */
export type ReplaySource = { kind: 'team'; teamId: string; from: string; to: string } | { kind: 'action'; actionId: string };

export type ReplayState =
  | { kind: 'idle' }
  | { kind: 'loading'; source: ReplaySource }
  | { kind: 'error'; source: ReplaySource; message: string }
  | {
      kind: 'ready';
      source: ReplaySource;
      /** Epoch ms that track timestamps count from. */
      origin: number;
      /** Seconds from origin to the span's end. */
      span: number;
      tracks: readonly TeamTrack[];
      /** The action ran longer than one request may cover: its first 24 h. */
      truncated: boolean;
    };

/** Replay speeds offered: real time up to five minutes a second. */
export const REPLAY_SPEEDS = [1, 10, 60, 300] as const;
const TICK_MS = 100;

export class ReplayModel {
  readonly state = new Store<ReplayState>({ kind: 'idle' });
  /** Seconds from origin. */
  readonly time = new Store(0);
  readonly playing = new Store(false);
  readonly speed = new Store<number>(60);
  #timer: ReturnType<typeof setInterval> | null = null;
  #last = 0;
  #seq = 0;

  /** Loads a team's track between two ISO times (at most 24 h apart) and starts playing it. */
  async team(teamId: string, from: string, to: string): Promise<void> {
    const source: ReplaySource = { kind: 'team', teamId, from, to };
    const params = new URLSearchParams({ from, to });
    await this.#load(source, async () => {
      const a = await api<TeamTrackAnswer>(`/api/teams/${encodeURIComponent(teamId)}/track?${params}`);
      return { origin: a.origin, span: (Date.parse(a.to) - a.origin) / 1000, tracks: [a.track], truncated: false };
    });
  }

  /** Loads every team of an action over the action's span. */
  async action(actionId: string): Promise<void> {
    const source: ReplaySource = { kind: 'action', actionId };
    await this.#load(source, async () => {
      const a = await api<ActionTrackAnswer>(`/api/actions/${encodeURIComponent(actionId)}/track`);
      return { origin: a.origin, span: (Date.parse(a.to) - a.origin) / 1000, tracks: a.tracks, truncated: a.truncated };
    });
  }

  async #load(source: ReplaySource, read: () => Promise<{ origin: number; span: number; tracks: readonly TeamTrack[]; truncated: boolean }>): Promise<void> {
    const seq = ++this.#seq;
    this.pause();
    this.state.set({ kind: 'loading', source });
    try {
      const r = await read();
      if (seq !== this.#seq) return;
      this.state.set({ kind: 'ready', source, ...r });
      this.time.set(firstTime(r.tracks));
      this.play();
    } catch (err) {
      if (seq === this.#seq) this.state.set({ kind: 'error', source, message: errorMessage(err) });
    }
  }

  play(): void {
    const s = this.state.get();
    if (s.kind !== 'ready' || this.#timer) return;
    if (this.time.get() >= s.span) this.time.set(firstTime(s.tracks));
    this.playing.set(true);
    this.#last = performance.now();
    this.#timer = setInterval(() => this.#tick(), TICK_MS);
  }

  pause(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    this.playing.set(false);
  }

  seek(seconds: number): void {
    const s = this.state.get();
    if (s.kind !== 'ready') return;
    this.time.set(Math.max(0, Math.min(s.span, seconds)));
  }

  setSpeed(speed: number): void {
    this.speed.set(speed);
  }

  #tick(): void {
    const s = this.state.get();
    const now = performance.now();
    const dt = (now - this.#last) / 1000;
    this.#last = now;
    if (s.kind !== 'ready') return this.pause();
    const next = this.time.get() + dt * this.speed.get();
    if (next >= s.span) {
      this.time.set(s.span);
      this.pause();
    } else this.time.set(next);
  }

  /** Ends the replay: the map shows live teams again. */
  close(): void {
    this.#seq++;
    this.pause();
    this.state.set({ kind: 'idle' });
  }
}

/** Where playing starts: the first point of any track (a span may begin long before a team moved). */
export function firstTime(tracks: readonly TeamTrack[]): number {
  let t = Infinity;
  for (const track of tracks) if (track.timestamps.length > 0) t = Math.min(t, track.timestamps[0]!);
  return Number.isFinite(t) ? Math.max(0, t) : 0;
}
