/**
 * RFC 3339 date-times ("2026-03-04T10:00:00Z", "2026-03-04T12:00:00.5+02:00").
 * Business time must be unambiguous, so a zone (Z or an offset) is required, and the date must
 * exist: JavaScript's Date.parse silently turns "2026-02-30" into March 2nd, we refuse it.
 */
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?(?:[Zz]|[+-](\d{2}):(\d{2}))$/;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const WITHOUT_ZONE = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;
const EXAMPLE = '"2026-03-04T10:00:00Z"';

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Why the string is not an RFC 3339 date-time with a zone, or undefined when it is one. */
export function dateTimeProblem(value: string): string | undefined {
  const match = DATE_TIME.exec(value);
  if (!match) {
    if (DATE_ONLY.test(value)) return `is a date without a time; send a date-time such as ${EXAMPLE}`;
    if (WITHOUT_ZONE.test(value)) return `has no time zone; end it with "Z" or an offset such as "+02:00"`;
    return `is not an RFC 3339 date-time such as ${EXAMPLE}`;
  }
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number);
  const [offsetHours, offsetMinutes] = [match[8], match[9]].map((part) => (part === undefined ? 0 : Number(part)));
  if (month < 1 || month > 12) return `has month ${month}; months go from 01 to 12`;
  if (day < 1 || day > daysInMonth(year, month)) return `has day ${day}, which month ${month} of ${year} does not have`;
  if (hour > 23 || minute > 59 || second > 59) return 'is not a valid time of day (hours 00-23, minutes and seconds 00-59)';
  if (offsetHours > 23 || offsetMinutes > 59) return 'has an invalid time zone offset (at most +23:59)';
  return undefined;
}

export function isRfc3339DateTime(value: unknown): value is string {
  return typeof value === 'string' && dateTimeProblem(value) === undefined;
}
