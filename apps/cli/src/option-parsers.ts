import { InvalidArgumentError } from 'commander';
import { isRfc3339DateTime } from '@ledger/events';

const WHOLE_NUMBER = /^\d+$/;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** A whole number in [min, max]; commander prefixes the option's name to the message. */
export function wholeNumber(min: number, max: number): (value: string) => number {
  return (value) => {
    const parsed = Number(value);
    if (!WHOLE_NUMBER.test(value) || parsed < min || parsed > max) throw new InvalidArgumentError(`must be a whole number from ${min} to ${max}, got "${value}"`);
    return parsed;
  };
}

/** A month such as 2025-01. */
export function month(value: string): string {
  const match = /^(\d{4})-(\d{2})$/.exec(value);
  if (!match || Number(match[2]) < 1 || Number(match[2]) > 12) throw new InvalidArgumentError(`must be a month such as 2025-01, got "${value}"`);
  return value;
}

/**
 * An ISO 8601 instant with a zone, or a plain date meaning the whole day: its first millisecond
 * for the start of a range, its last for the end (the HTTP API reads `from`/`to` the same way).
 */
export function instant(edge: 'start' | 'end'): (value: string) => string {
  return (value) => {
    if (DATE_ONLY.test(value) && isCalendarDate(value)) {
      return edge === 'start' ? `${value}T00:00:00.000Z` : `${value}T23:59:59.999Z`;
    }
    if (!isRfc3339DateTime(value)) throw new InvalidArgumentError(`"${value}" is not an ISO 8601 date-time with a zone such as 2026-03-31T23:59:59Z, nor a date such as 2026-03-31`);
    return new Date(Date.parse(value)).toISOString();
  };
}

/** 2026-02-30 parses in JavaScript (as March 2); a date must come back unchanged. */
function isCalendarDate(value: string): boolean {
  const time = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === value;
}
