/**
 * The months of the synthetic program, in UTC. Every business time of the demo comes from here
 * (never from the clock), so a seed reproduces the same facts on any day.
 */
export class ProgramCalendar {
  private readonly year: number;
  private readonly month: number;

  /** `start` is a month, `YYYY-MM`. */
  constructor(
    start: string,
    readonly months: number,
  ) {
    const match = /^(\d{4})-(\d{2})$/.exec(start);
    if (!match || Number(match[2]) < 1 || Number(match[2]) > 12) throw new Error(`start: must be a month such as 2025-01, got "${start}"`);
    this.year = Number(match[1]);
    this.month = Number(match[2]) - 1;
  }

  /** First millisecond of month `index` (0 = the program's first month). */
  monthStart(index: number): number {
    return Date.UTC(this.year, this.month + index, 1);
  }

  /** Last millisecond of month `index`: the as-of instant of its payout run. */
  monthEnd(index: number): number {
    return this.monthStart(index + 1) - 1;
  }

  /** `YYYY-MM` of month `index`. */
  label(index: number): string {
    return new Date(this.monthStart(index)).toISOString().slice(0, 7);
  }

  get start(): number {
    return this.monthStart(0);
  }

  /** First millisecond after the program. */
  get end(): number {
    return this.monthStart(this.months);
  }

  /** Index of the month holding `time`; may be outside [0, months). */
  monthOf(time: number): number {
    const date = new Date(time);
    return (date.getUTCFullYear() - this.year) * 12 + date.getUTCMonth() - this.month;
  }

  /** The same day-of-month `months` later, clamped to that month's length (Jan 31 + 1 = Feb 28/29). */
  addMonths(time: number, months: number): number {
    const date = new Date(time);
    const targetMonth = date.getUTCMonth() + months;
    const lastDay = new Date(Date.UTC(date.getUTCFullYear(), targetMonth + 1, 0)).getUTCDate();
    return Date.UTC(
      date.getUTCFullYear(),
      targetMonth,
      Math.min(date.getUTCDate(), lastDay),
      date.getUTCHours(),
      date.getUTCMinutes(),
      date.getUTCSeconds(),
    );
  }
}
