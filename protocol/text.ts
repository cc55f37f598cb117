// One rule for text entering the system, HTTP and sockets alike: it must be well-formed Unicode.
// A lone UTF-16 surrogate cannot be stored (SQLite and PostgreSQL both write UTF-8 and turn it
// into U+FFFD), so what was checked, hashed or audited would differ from what was kept.

/** A high surrogate not followed by a low one, or a low surrogate not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');

/** The message every boundary gives for ill-formed text (zh-CN first). */
export const ILL_FORMED_TEXT = '含不成对的 UTF-16 代理字符（无效文本） / contains a lone UTF-16 surrogate (not well-formed text)';

/** True when `s` holds no lone surrogate (String.prototype.isWellFormed, for every runtime we ship to). */
export function isWellFormedText(s: string): boolean {
  return !LONE_SURROGATE.test(s);
}

/** `s` with every lone surrogate replaced by U+FFFD: exactly what a UTF-8 store keeps of it. */
export function toWellFormedText(s: string): string {
  return isWellFormedText(s) ? s : s.replace(LONE_SURROGATES, '\uFFFD');
}

/**
 * The JSON-pointer path of the first string (value or object key) in `value` that is not
 * well-formed, '' for the root itself, or null when every string is well-formed.
 */
export function illFormedTextPath(value: unknown, depth = 0): string | null {
  if (typeof value === 'string') return isWellFormedText(value) ? null : '';
  // Deeper than any message we accept: the schema check refuses such a value anyway.
  if (value === null || typeof value !== 'object' || depth > 64) return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const inner = illFormedTextPath(value[i], depth + 1);
      if (inner !== null) return `/${i}${inner}`;
    }
    return null;
  }
  for (const [key, v] of Object.entries(value)) {
    const here = `/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;
    if (!isWellFormedText(key)) return here;
    const inner = illFormedTextPath(v, depth + 1);
    if (inner !== null) return `${here}${inner}`;
  }
  return null;
}
