import type { ActionRecordingsAnswer, RecordingVerifyAnswer } from '../../../../protocol/recording.ts';
import { api, ApiError } from '../../../lib/api.ts';
import { errorMessage } from '../../../lib/dispatch.ts';
import { formatDuration, formatTime } from '../../../lib/format.ts';
import { Store } from '../../../lib/store.ts';
import type { Loadable } from '../DispatchModel.ts';

/** The action whose recordings are shown. */
export interface RecordingsTarget {
  actionId: string;
  caseNumber: string;
}

/** A re-verification in flight, its answer, or why it failed. */
export type VerifyState = { kind: 'checking' } | { kind: 'done'; answer: RecordingVerifyAnswer } | { kind: 'error'; message: string };

/** Where a recording plays (and downloads): the Range route; every playback is audited by the server. */
export function mediaUrl(recordingId: string, download = false): string {
  return `/api/recordings/${encodeURIComponent(recordingId)}/media${download ? '?download=1' : ''}`;
}

/** 1,536 → "1.5 KB", 73,400,320 → "70.0 MB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = bytes / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(1)} ${units[i]}`;
}

/** A segment's span in Beijing time, to the second, with its length: "12/2 02:18:12–02:18:50 · 0:38"; open-ended while recording. */
export function formatSpan(startIso: string, endIso: string | null): string {
  const day = new Date(startIso).toLocaleDateString('zh-CN', { timeZone: 'Asia/Shanghai', month: 'numeric', day: 'numeric' });
  const start = `${day} ${formatTime(startIso)}`;
  if (!endIso) return `${start}–…`;
  return `${start}–${formatTime(endIso)} · ${formatDuration(Date.parse(endIso) - Date.parse(startIso))}`;
}

/** The first and last 8 hex digits, as a row shows a hash (the whole one on hover and copy). */
export function shortHash(sha256: string): string {
  return sha256.length > 20 ? `${sha256.slice(0, 8)}…${sha256.slice(-8)}` : sha256;
}

/**
 * An action's evidence recordings on the console, outside React: which action is open, its list
 * (REST, read again on demand), which segment plays, and each re-verification's outcome.
 */
export class RecordingsModel {
  readonly target = new Store<RecordingsTarget | null>(null);
  readonly state = new Store<Loadable>({ kind: 'loading' });
  readonly answer = new Store<ActionRecordingsAnswer | null>(null);
  readonly playing = new Store<string | null>(null);
  readonly verify = new Store<ReadonlyMap<string, VerifyState>>(new Map());
  /** Answers of an earlier target that arrive late are dropped. */
  #generation = 0;

  /** Opens the recordings of an action and reads them. */
  async open(target: RecordingsTarget): Promise<void> {
    this.target.set(target);
    this.answer.set(null);
    this.playing.set(null);
    this.verify.set(new Map());
    await this.load();
  }

  close(): void {
    this.#generation++;
    this.target.set(null);
    this.answer.set(null);
    this.playing.set(null);
  }

  /** Reads the open action's recordings (again). */
  async load(): Promise<void> {
    const target = this.target.get();
    if (!target) return;
    const generation = ++this.#generation;
    this.state.set({ kind: 'loading' });
    try {
      const answer = await api<ActionRecordingsAnswer>(`/api/actions/${encodeURIComponent(target.actionId)}/recordings`);
      if (generation !== this.#generation) return;
      this.answer.set(answer);
      this.state.set({ kind: 'ready' });
    } catch (err) {
      if (generation !== this.#generation) return;
      this.state.set(err instanceof ApiError && err.code === 'ERR_FORBIDDEN' ? { kind: 'forbidden' } : { kind: 'error', message: errorMessage(err) });
    }
  }

  play(recordingId: string | null): void {
    this.playing.set(recordingId);
  }

  /** Asks the server to hash the file again (audited there) and keeps the outcome for the row. */
  async check(recordingId: string): Promise<void> {
    this.#setVerify(recordingId, { kind: 'checking' });
    try {
      const answer = await api<RecordingVerifyAnswer>(`/api/recordings/${encodeURIComponent(recordingId)}/verify`, { method: 'POST' });
      this.#setVerify(recordingId, { kind: 'done', answer });
    } catch (err) {
      this.#setVerify(recordingId, { kind: 'error', message: errorMessage(err) });
    }
  }

  #setVerify(recordingId: string, state: VerifyState): void {
    this.verify.update((m) => new Map(m).set(recordingId, state));
  }
}
