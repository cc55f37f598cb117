import type { ActionReport } from '../../../protocol/report.ts';
import { api, ApiError } from '../../lib/api.ts';
import { t } from '../../lib/i18n.ts';
import { Store } from '../../lib/store.ts';

/** Where the report page stands: loading, shown, or why not (not over yet, out of scope, not allowed). */
export type ReportState =
  | { kind: 'loading' }
  | { kind: 'ready'; report: ActionReport }
  | { kind: 'error'; code: string; message: string };

/** Reads the report's data (GET /api/actions/:id/report); tests pass their own. */
export type ReportFetcher = (path: string) => Promise<ActionReport>;

/** The message shown for a refusal, by its code; the server's own message otherwise. */
export function reportErrorMessage(code: string, serverMessage: string): string {
  switch (code) {
    case 'ERR_INVALID_STATE':
      return t('report.notOver');
    case 'ERR_NOT_FOUND':
      return t('report.notFound');
    case 'ERR_FORBIDDEN':
      return t('report.forbidden');
    default:
      return serverMessage;
  }
}

/** China keeps UTC+8 all year (no daylight saving): a fixed offset is exact, whatever the machine's zone. */
const BEIJING_OFFSET_MS = 8 * 3_600_000;

/** Beijing time with the date and seconds (2026-06-01 14:03:05), as the PDF writes it; — for none. */
export function reportTime(iso: string | null): string {
  if (iso === null) return '—';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return new Date(ms + BEIJING_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/** Where the PDF of an action's report is downloaded, and where a chat photo of it is shown from. */
export const reportPdfUrl = (actionId: string) => `/api/actions/${encodeURIComponent(actionId)}/report.pdf`;
export const reportPhotoUrl = (actionId: string, messageId: number) => `/api/actions/${encodeURIComponent(actionId)}/report/photos/${messageId}`;

/**
 * The report page's state, outside React: one read of the report when the page opens (the report is
 * of an action that is over: nothing about it changes live), again on retry.
 */
export class ReportModel {
  readonly actionId: string;
  readonly state = new Store<ReportState>({ kind: 'loading' });
  readonly #fetch: ReportFetcher;
  #generation = 0;

  constructor(actionId: string, fetcher: ReportFetcher = (path) => api<ActionReport>(path)) {
    this.actionId = actionId;
    this.#fetch = fetcher;
  }

  /** Reads the report; an answer to an earlier load that arrives late is dropped. */
  async load(): Promise<void> {
    const generation = ++this.#generation;
    this.state.set({ kind: 'loading' });
    try {
      const report = await this.#fetch(`/api/actions/${encodeURIComponent(this.actionId)}/report`);
      if (generation === this.#generation) this.state.set({ kind: 'ready', report });
    } catch (err) {
      if (generation !== this.#generation) return;
      const code = err instanceof ApiError ? err.code : 'ERR_INTERNAL';
      this.state.set({ kind: 'error', code, message: reportErrorMessage(code, err instanceof Error ? err.message : String(err)) });
    }
  }

  /** Drops any answer still on its way (the page closed). */
  stop(): void {
    this.#generation++;
  }
}
