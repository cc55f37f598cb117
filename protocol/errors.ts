/** Every error code a client can receive, over HTTP (`{ code, message }`) or in a socket ack. */
export const ERROR_CODES = [
  'ERR_BAD_REQUEST',
  'ERR_BAD_MESSAGE',
  'ERR_NOT_FOUND',
  'ERR_UNAUTHENTICATED',
  'ERR_ACCOUNT_LOCKED',
  'ERR_FORBIDDEN',
  'ERR_ORIGIN_REJECTED',
  'ERR_INVALID_STATE',
  'ERR_MEDIA',
  'ERR_INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** The body of every HTTP error answer. */
export interface ErrorBody {
  code: ErrorCode;
  message: string;
}

/** The answer of every acknowledged socket event. */
export type Ack<T> = { ok: true; value: T } | { ok: false; code: ErrorCode; message: string };
