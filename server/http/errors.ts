import type { FastifyInstance, FastifyError } from 'fastify';
import type { ErrorBody } from '../../protocol/errors.ts';
import { DispatchError } from '../errors.ts';

/** One error handler for every route: `{ code, message }`; unknown errors are logged as 500. */
export function registerErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof DispatchError) {
      return reply.status(err.statusCode).send({ code: err.code, message: err.message } satisfies ErrorBody);
    }
    if (err.validation) {
      // Fastify's schema validation: name the field that was wrong.
      const where = err.validationContext ?? 'body';
      const first = err.validation[0];
      const field = first ? `${where}${first.instancePath || ''}` : where;
      return reply
        .status(400)
        .send({ code: 'ERR_BAD_REQUEST', message: `${field}: ${first?.message ?? 'invalid'}` } satisfies ErrorBody);
    }
    if (typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500) {
      // Body parser and similar client errors (malformed JSON, too large, wrong content type).
      return reply.status(err.statusCode).send({ code: 'ERR_BAD_REQUEST', message: err.message } satisfies ErrorBody);
    }
    request.log.error({ err }, 'request failed');
    return reply.status(500).send({ code: 'ERR_INTERNAL', message: '服务器内部错误 / internal error' } satisfies ErrorBody);
  });

  app.setNotFoundHandler((request, reply) => {
    reply
      .status(404)
      .send({ code: 'ERR_NOT_FOUND', message: `${request.method} ${request.url.split('?')[0]} 不存在 / not found` } satisfies ErrorBody);
  });
}
