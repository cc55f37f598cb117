import { Compile } from 'typebox/compile';
import type { Static, TSchema } from 'typebox';

/** A compiled guard for one schema: `check(v)` narrows, `explain(v)` names what was wrong. */
export interface Checker<T extends TSchema> {
  (value: unknown): value is Static<T>;
  /** The first problems as `path: message` (`/teamId: is required`), '' when the value is valid. */
  explain(value: unknown): string;
}

interface ValidationIssue {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message: string;
}

/** Compiles `schema` once (call at module load), for use where a message enters. */
export function compileChecker<T extends TSchema>(schema: T): Checker<T> {
  const validator = Compile(schema);
  const check = ((value: unknown) => validator.Check(value)) as Checker<T>;
  check.explain = (value: unknown) =>
    (validator.Errors(value) as ValidationIssue[])
      // `additionalProperties: false` also reports each extra key as "schema is false": keep the clearer one.
      .filter((e) => e.keyword !== 'boolean')
      .slice(0, 5)
      .map(describeIssue)
      .join('; ');
  return check;
}

function describeIssue(e: ValidationIssue): string {
  const where = e.instancePath || '/';
  const allowed = e.params['allowedValues'];
  if (Array.isArray(allowed)) return `${where}: must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}`;
  const extra = e.params['additionalProperties'];
  if (Array.isArray(extra)) return `${where}: unknown field(s) ${extra.join(', ')}`;
  const missing = e.params['requiredProperties'];
  if (Array.isArray(missing)) return `${where}: missing field(s) ${missing.join(', ')}`;
  return `${where}: ${e.message}`;
}
