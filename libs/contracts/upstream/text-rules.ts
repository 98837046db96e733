import type { FieldError } from '@ledger/kernel';
import { joinPath, keyStep } from '@ledger/kernel';

/**
 * Characters that input may not carry.
 * - NUL (U+0000) in any string or field name: PostgreSQL text and jsonb cannot hold it, so a
 *   value carrying it could never be stored or looked up (it answered 500).
 * - In path segments and query parameters, no control character at all (C0, DEL, C1): an
 *   identifier or a date never contains one, and a log line or a SQL parameter must not either.
 */
export const NUL_MESSAGE = 'must not contain the NUL character (U+0000)';
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;

/** Whether any string or field name holds a NUL: the cheap test before nulCharacterProblems names them. */
export function containsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) {
    for (const item of value) if (containsNul(item)) return true;
    return false;
  }
  for (const key of Object.keys(value)) {
    if (key.includes('\u0000') || containsNul((value as Record<string, unknown>)[key])) return true;
  }
  return false;
}

/** Every string and field name holding a NUL, with its path (relative to `path`). */
export function nulCharacterProblems(value: unknown, path = ''): FieldError[] {
  if (typeof value === 'string') return value.includes('\u0000') ? [{ path, message: NUL_MESSAGE }] : [];
  if (Array.isArray(value)) return value.flatMap((item, index) => nulCharacterProblems(item, joinPath(path, keyStep(index))));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, item]) => {
    const at = joinPath(path, keyStep(key));
    return [...(key.includes('\u0000') ? [{ path: at, message: `the field name ${NUL_MESSAGE}` }] : []), ...nulCharacterProblems(item, at)];
  });
}

/** Why a path segment or query parameter value is refused, or undefined. The value is shown JSON-escaped. */
export function controlCharacterProblem(text: string): string | undefined {
  const match = CONTROL_CHARACTER.exec(text);
  if (!match) return undefined;
  const code = `U+${match[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
  return `must not contain control characters such as NUL (found ${code} in ${JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text)})`;
}
