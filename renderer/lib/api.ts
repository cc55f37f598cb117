import type { ErrorBody } from '../../protocol/errors.ts';
import { tBoth } from './i18n.ts';

/** An HTTP answer that was not 2xx: its code and (zh-CN first) message. */
export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

/** Every request has a deadline (STYLE §5). */
const TIMEOUT_MS = 10_000;

/** Calls the server that served this page; the session cookie goes along. */
export async function api<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: init.method ?? 'GET',
      credentials: 'same-origin',
      headers: init.body === undefined ? {} : { 'content-type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch {
    throw new ApiError(0, 'ERR_NETWORK', tBoth('error.network'));
  }
  if (res.status === 204) return undefined as T;
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const err = (body ?? {}) as Partial<ErrorBody>;
    throw new ApiError(res.status, err.code ?? 'ERR_INTERNAL', err.message ?? `HTTP ${res.status}`);
  }
  return body as T;
}
