import { InvalidArgumentError } from 'commander';
import { parseInstant, type DayEdge } from '@ledger/kernel';

const WHOLE_NUMBER = /^\d+$/;

/** A whole number in [min, max]; commander prefixes the option's name to the message. */
export function wholeNumber(min: number, max: number): (value: string) => number {
  return (value) => {
    const parsed = Number(value);
    if (!WHOLE_NUMBER.test(value) || parsed < min || parsed > max)
      throw new InvalidArgumentError(`must be a whole number from ${min} to ${max}, got "${value}"`);
    return parsed;
  };
}

/** A month such as 2025-01. */
export function month(value: string): string {
  const match = /^(\d{4})-(\d{2})$/.exec(value);
  if (!match || Number(match[2]) < 1 || Number(match[2]) > 12)
    throw new InvalidArgumentError(`must be a month such as 2025-01, got "${value}"`);
  return value;
}

/**
 * An ISO 8601 instant with a zone, or a plain date meaning the whole day: its first millisecond
 * for the start of a range, its last for the end. The same reader as the HTTP API's `from`/`to`
 * (parseInstant of @ledger/events): "2026-02-30" is refused with the reason, never rolled over.
 */
export function instant(edge: DayEdge): (value: string) => string {
  return (value) => {
    const parsed = parseInstant(value, { plainDate: edge });
    if (!parsed.ok) throw new InvalidArgumentError(parsed.message);
    return parsed.instant;
  };
}
