/** Business times travel as ISO 8601 strings and are compared as epoch milliseconds. */
export const DAY_MS = 86_400_000;

/** Epoch ms of an ISO 8601 date-time. Events are validated before they are stored, so a bad time is a bug. */
export function toMillis(iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`"${iso}" is not a valid date-time`);
  return ms;
}

/** ISO 8601 UTC with milliseconds, so equal instants are equal strings (ledger hashes depend on it). */
export function normalizeTime(iso: string): string {
  return toIso(toMillis(iso));
}

export function addDaysIso(iso: string, days: number): string {
  return toIso(toMillis(iso) + days * DAY_MS);
}

export function laterOf(a: string, b: string): string {
  return toMillis(a) >= toMillis(b) ? a : b;
}

/** The contract's first and last instants (years 0001-9999). */
const EARLIEST_MS = Date.parse('0001-01-01T00:00:00.000Z');
const LATEST_MS = Date.parse('9999-12-31T23:59:59.999Z');

/**
 * An instant computed from a valid one (a payable date 30 days after a conversion on 9999-12-31,
 * a protection end) may fall past the last instant the contract allows; it is written as that
 * instant. "+010000-01-30T00:00:00.000Z" is refused by PostgreSQL and by the contract of the
 * ledger's own facts: the ledger projection skipped such a conversion. NaN still throws.
 */
export function toIso(ms: number): string {
  return new Date(Math.min(Math.max(ms, EARLIEST_MS), LATEST_MS)).toISOString();
}

/** Calendar date (UTC) used in human-readable reasons: "2026-06-02". */
export function toIsoDate(ms: number): string {
  return toIso(ms).slice(0, 10);
}

export function addDays(ms: number, days: number): number {
  return ms + days * DAY_MS;
}

/**
 * Adds calendar months in UTC, keeping the time of day and clamping the day of month to the target
 * month's length (Jan 31 + 1 month = Feb 28, or Feb 29 in a leap year).
 */
export function addUtcMonths(ms: number, months: number): number {
  const date = new Date(ms);
  const year = date.getUTCFullYear();
  const monthIndex = date.getUTCMonth() + months;
  const targetYear = year + Math.floor(monthIndex / 12);
  const targetMonth = ((monthIndex % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(targetYear, targetMonth + 1, 0)).getUTCDate();
  const day = Math.min(date.getUTCDate(), lastDay);
  return Date.UTC(targetYear, targetMonth, day, date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds(), date.getUTCMilliseconds());
}
