import { invalidRequest } from './request-errors';

/** An optional text query parameter: undefined when absent or empty; 400 naming it when repeated or too long. */
export function textParam(name: string, value: unknown, maxLength = 200): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw invalidRequest([{ path: name, message: 'must be given once, as text' }]);
  if (value.length > maxLength) throw invalidRequest([{ path: name, message: `must be at most ${maxLength} characters` }]);
  return value;
}

/** An optional query parameter that must be one of `allowed`; 400 naming it and the allowed values otherwise. */
export function oneOfParam<T extends string>(name: string, value: unknown, allowed: readonly T[]): T | undefined {
  const text = textParam(name, value);
  if (text === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(text))
    throw invalidRequest([{ path: name, message: `must be one of ${allowed.join(', ')}, not "${text}"` }]);
  return text as T;
}
