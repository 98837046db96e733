import { jsonKindOf } from '../json/json-values';

/**
 * The one reader of dates and instants, wherever they arrive: event fields, request bodies, query
 * parameters, CLI options.
 *
 * - An instant is an RFC 3339 date-time ("2026-03-04T10:00:00Z", "2026-03-04T12:00:00.5+02:00").
 *   Business time must be unambiguous, so a zone (Z or an offset) is required.
 * - Where a caller allows it, a plain date ("2026-03-31") stands for a whole UTC day: its first
 *   millisecond at the start of a range, its last one everywhere else.
 *
 * The date must exist: JavaScript's Date.parse silently turns "2026-02-30" into March 2nd, we refuse
 * it. And the instant must lie in the years 0001-9999 once converted to UTC: "0000-01-01T00:00:00+01:00"
 * is year -1 in UTC, which toISOString writes as "-000001-12-31T23:00:00.000Z" and PostgreSQL
 * cannot store: one such event `time` was answered 500.
 */
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?(?:[Zz]|[+-](\d{2}):(\d{2}))$/;
const PLAIN_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const WITHOUT_ZONE = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;
const EXAMPLE = '"2026-03-04T10:00:00Z"';
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** First and last millisecond an instant may denote (UTC): the years a 4-digit RFC 3339 date can name, less year 0. */
const EARLIEST = Date.parse('0001-01-01T00:00:00.000Z');
const LATEST = Date.parse('9999-12-31T23:59:59.999Z');

/** Which millisecond of its day a plain date stands for. */
export type DayEdge = 'start' | 'end';

export type InstantResult = { ok: true; instant: string } | { ok: false; message: string };

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Why year-month-day is not a day of the calendar, or undefined when it is one. */
function calendarProblem(year: number, month: number, day: number): string | undefined {
  if (year === 0) return 'has year 0000; years go from 0001 to 9999';
  if (month < 1 || month > 12) return `has month ${String(month).padStart(2, '0')}; months go from 01 to 12`;
  const days = daysInMonth(year, month);
  if (day < 1 || day > days)
    return `has day ${String(day).padStart(2, '0')}, but ${MONTHS[month - 1]} ${String(year).padStart(4, '0')} has ${days} days`;
  return undefined;
}

/** Why the UTC millisecond is outside the years 0001-9999, or undefined. */
function rangeProblem(ms: number): string | undefined {
  if (ms < EARLIEST) return 'is before 0001-01-01T00:00:00Z once converted to UTC; years go from 0001 to 9999';
  if (ms > LATEST) return 'is after 9999-12-31T23:59:59.999Z once converted to UTC; years go from 0001 to 9999';
  return undefined;
}

/** Why the string is not an RFC 3339 date-time with a zone (within years 0001-9999 in UTC), or undefined when it is one. */
export function dateTimeProblem(value: string): string | undefined {
  const match = DATE_TIME.exec(value);
  if (!match) {
    if (PLAIN_DATE.test(value)) return `is a date without a time; send a date-time such as ${EXAMPLE}`;
    if (WITHOUT_ZONE.test(value)) return `has no time zone; end it with "Z" or an offset such as "+02:00"`;
    return `is not an RFC 3339 date-time such as ${EXAMPLE}`;
  }
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number);
  const [offsetHours, offsetMinutes] = [match[8], match[9]].map((part) => (part === undefined ? 0 : Number(part)));
  const calendar = calendarProblem(year, month, day);
  if (calendar) return calendar;
  if (hour > 23 || minute > 59 || second > 59) return 'is not a valid time of day (hours 00-23, minutes and seconds 00-59)';
  if (offsetHours > 23 || offsetMinutes > 59) return 'has an invalid time zone offset (at most +23:59)';
  // The string is now a well-formed, existing date-time: Date.parse reads it exactly.
  return rangeProblem(Date.parse(value.toUpperCase()));
}

export function isRfc3339DateTime(value: unknown): value is string {
  return typeof value === 'string' && dateTimeProblem(value) === undefined;
}

/** Why the string is not a plain calendar date YYYY-MM-DD, or undefined when it is one. */
export function plainDateProblem(value: string): string | undefined {
  const match = PLAIN_DATE.exec(value);
  if (!match) return 'is not a date such as "2026-03-31"';
  const [year, month, day] = match.slice(1, 4).map(Number);
  return calendarProblem(year, month, day);
}

/**
 * Reads an instant as input: a date-time with a zone, or (with `plainDate`) a date meaning its first
 * or last millisecond in UTC. The result is in one canonical form, "2026-03-04T08:00:00.000Z", so
 * instants compare as strings; a failure's message begins with the value as sent (JSON-quoted, so a
 * control character shows as an escape) and says what is wrong with it.
 */
export function parseInstant(value: unknown, options: { plainDate?: DayEdge } = {}): InstantResult {
  const expected = options.plainDate
    ? 'an ISO 8601 date-time with a zone such as "2026-03-31T23:59:59Z", nor a date such as "2026-03-31"'
    : 'an ISO 8601 date-time with a zone such as "2026-03-31T23:59:59Z"';
  if (typeof value !== 'string')
    return { ok: false, message: `must be a string, not ${jsonKindOf(value)}: ${expected.replace(', nor', ', or')}` };
  const shown = JSON.stringify(value);
  if (PLAIN_DATE.test(value) && options.plainDate) {
    const problem = plainDateProblem(value);
    if (problem) return { ok: false, message: `${shown} ${problem}` };
    return { ok: true, instant: options.plainDate === 'start' ? `${value}T00:00:00.000Z` : `${value}T23:59:59.999Z` };
  }
  // A value of the right shape gets the precise reason; anything else the general one.
  if (!DATE_TIME.test(value) && !WITHOUT_ZONE.test(value) && !PLAIN_DATE.test(value))
    return { ok: false, message: `${shown} is not ${expected}` };
  const problem = dateTimeProblem(value);
  if (problem) return { ok: false, message: `${shown} ${problem}` };
  return { ok: true, instant: new Date(Date.parse(value.toUpperCase())).toISOString() };
}

/** parseInstant for a value already known to be valid (e.g. checked by a DTO rule); throws otherwise. */
export function toInstant(value: string, options: { plainDate?: DayEdge } = {}): string {
  const parsed = parseInstant(value, options);
  if (!parsed.ok) throw new RangeError(parsed.message);
  return parsed.instant;
}
