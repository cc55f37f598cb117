import { Compile } from 'typebox/compile';
import type { Static, TSchema } from 'typebox';
import { ILL_FORMED_TEXT, illFormedTextPath } from './text.ts';

/** One thing wrong with a value: where (a JSON pointer, '' for the value itself) and what. */
export interface Issue {
  path: string;
  message: string;
}

/** A compiled guard for one schema: `check(v)` narrows, `explain(v)` names what was wrong. */
export interface Checker<T extends TSchema> {
  (value: unknown): value is Static<T>;
  /** The first problems as `path: message` (`/teamId: is required`), '' when the value is valid. */
  explain(value: unknown): string;
  /** The first problems, each with its path; empty when the value is valid. */
  issues(value: unknown): Issue[];
}

interface ValidationIssue {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message: string;
}

/**
 * Compiles `schema` once (call at module load), for use where a message enters. Besides the schema,
 * every string in the value must be well-formed Unicode (protocol/text.ts): one rule for HTTP,
 * sockets, IPC and config files.
 */
export function compileChecker<T extends TSchema>(schema: T): Checker<T> {
  const validator = Compile(schema);
  const check = ((value: unknown) => illFormedTextPath(value) === null && validator.Check(value)) as Checker<T>;
  check.issues = (value: unknown) => {
    const badText = illFormedTextPath(value);
    if (badText !== null) return [{ path: badText, message: ILL_FORMED_TEXT }];
    return (
      (validator.Errors(value) as ValidationIssue[])
        // `additionalProperties: false` also reports each extra key as "schema is false": keep the clearer one.
        .filter((e) => e.keyword !== 'boolean')
        .slice(0, 5)
        .map((e) => ({ path: e.instancePath, message: describeIssue(e) }))
    );
  };
  check.explain = (value: unknown) =>
    check
      .issues(value)
      .map((i) => `${i.path || '/'}: ${i.message}`)
      .join('; ');
  return check;
}

function describeIssue(e: ValidationIssue): string {
  const allowed = e.params['allowedValues'];
  if (Array.isArray(allowed)) return `must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}`;
  const extra = e.params['additionalProperties'];
  if (Array.isArray(extra)) return `unknown field(s) ${extra.join(', ')}`;
  const missing = e.params['requiredProperties'];
  if (Array.isArray(missing)) return `missing field(s) ${missing.join(', ')}`;
  return e.message;
}
