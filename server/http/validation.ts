import type { FastifyInstance } from 'fastify';
import type { TSchema } from 'typebox';
import { compileChecker } from '../../protocol/check.ts';
import { BadRequestError } from '../errors.ts';

/** Integers in a query string: plain decimal digits, at most 15 of them (exact in a double). */
const INTEGER_TEXT = /^-?\d{1,15}$/;
const NUMBER_TEXT = /^-?\d{1,15}(\.\d{1,15})?$/;

interface PropertySchema {
  type?: unknown;
}

/**
 * Turns the strings of a query string or route parameters into the numbers and booleans their
 * schema declares, strictly: `1e999`, `Infinity`, `0x10` or `1.5` for an integer stay strings, so
 * the check refuses them by name. Anything else is left for the check to judge.
 */
export function coerceParts(schema: TSchema, value: unknown): unknown {
  const properties = (schema as { properties?: Record<string, PropertySchema> }).properties;
  if (!properties || value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const [key, raw] of Object.entries(out)) {
    const type = properties[key]?.type;
    if (typeof raw !== 'string') continue;
    if (type === 'integer' && INTEGER_TEXT.test(raw)) out[key] = Number(raw);
    else if (type === 'number' && NUMBER_TEXT.test(raw)) out[key] = Number(raw);
    else if (type === 'boolean' && (raw === 'true' || raw === 'false')) out[key] = raw === 'true';
  }
  return out;
}

/**
 * Every REST body, query string and route parameter is checked by the same compiled TypeBox
 * checkers as socket payloads (protocol/check.ts): unknown fields are refused, not dropped; text
 * must be well-formed; numbers in query strings are read strictly. A failure is 400
 * ERR_BAD_REQUEST naming the part and field (`querystring/page: must be integer`).
 */
export function registerValidation(app: FastifyInstance): void {
  app.setValidatorCompiler<TSchema>(({ schema, httpPart }) => {
    const check = compileChecker(schema);
    const part = httpPart ?? 'body';
    const coerce = part === 'querystring' || part === 'params';
    return (data: unknown) => {
      const value = coerce ? coerceParts(schema, data) : data;
      if (check(value)) return { value };
      const first = check.issues(value)[0];
      const where = `${part}${first?.path ?? ''}`;
      return { error: new BadRequestError(`${where}: ${first?.message ?? 'invalid'}`) };
    };
  });
}

