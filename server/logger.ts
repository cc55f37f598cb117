import type { FastifyBaseLogger } from 'fastify';

/** The pino logger Fastify creates; passed down so every module logs the same way. */
export type Logger = FastifyBaseLogger;
