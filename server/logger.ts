import pretty from 'pino-pretty';
import type { FastifyBaseLogger } from 'fastify';

/** The pino logger Fastify creates; passed down so every module logs the same way. */
export type Logger = FastifyBaseLogger;

/**
 * Fastify's logger options for the config: pino JSON lines (log collectors), or one readable line per
 * entry through pino-pretty (a person watching `npm start`), written synchronously so it interleaves
 * in order with what main.ts prints.
 */
export function loggerOptions(config: { logLevel: string; logFormat: 'pretty' | 'json' }): { level: string; stream?: NodeJS.WritableStream } {
  if (config.logFormat === 'json') return { level: config.logLevel };
  return {
    level: config.logLevel,
    stream: pretty({ colorize: process.stdout.isTTY === true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname', singleLine: true, sync: true }),
  };
}
