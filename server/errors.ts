import type { ErrorCode } from '../protocol/errors.ts';

/** Base of every error the server answers with: a stable `code` and an HTTP status. */
export class DispatchError extends Error {
  readonly code: ErrorCode;
  readonly statusCode: number;
  constructor(code: ErrorCode, message: string, statusCode = 500, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.statusCode = statusCode;
  }
}

/** A request or message whose content is malformed; the message names the field. */
export class BadMessageError extends DispatchError {
  constructor(message: string, options?: ErrorOptions) {
    super('ERR_BAD_MESSAGE', message, 400, options);
  }
}

/** A REST request whose body, query or parameters are wrong; the message names the field. */
export class BadRequestError extends DispatchError {
  constructor(message: string, options?: ErrorOptions) {
    super('ERR_BAD_REQUEST', message, 400, options);
  }
}

export class NotFoundError extends DispatchError {
  constructor(what: string) {
    super('ERR_NOT_FOUND', `${what} not found`, 404);
  }
}

/** A call on an object that is closed or not in the state the call needs. */
export class InvalidStateError extends DispatchError {
  constructor(message: string) {
    super('ERR_INVALID_STATE', message, 409);
  }
}

export class ForbiddenError extends DispatchError {
  constructor(message: string) {
    super('ERR_FORBIDDEN', message, 403);
  }
}
