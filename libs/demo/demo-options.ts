import { DAY_MS } from '@ledger/kernel';
import { ProgramCalendar } from './program-calendar';

export interface DemoProgramOptions {
  /** How many partners enroll over the program (every partner type appears once there are 6). */
  partners: number;
  /** Length of the program in calendar months. */
  months: number;
  /** Fixes every choice the generator makes: same seed, same events. */
  seed: number;
  /** First month of the program, `YYYY-MM`. */
  start: string;
}

export const DEFAULT_DEMO_OPTIONS: DemoProgramOptions = { partners: 60, months: 12, seed: 42, start: '2025-01' };

export const DEMO_LIMITS = { partners: { min: 6, max: 5000 }, months: { min: 1, max: 120 }, seed: { min: 0, max: 4294967295 } };

/** Payout confirmations arrive up to this many days after the last month's payout run. */
export const PAYOUT_SETTLEMENT_DAYS = 5;

/**
 * Problems with the options, each naming the option and the reason. `today` is only used to
 * refuse a program that would not be over yet: payout runs may not be dated in the future.
 */
export function demoOptionProblems(options: DemoProgramOptions, today: Date): string[] {
  const problems: string[] = [];
  for (const name of ['partners', 'months', 'seed'] as const) {
    const value = options[name];
    const { min, max } = DEMO_LIMITS[name];
    if (!Number.isInteger(value) || value < min || value > max)
      problems.push(`--${name}: must be a whole number from ${min} to ${max}, got ${value}`);
  }
  let calendar: ProgramCalendar | undefined;
  try {
    calendar = new ProgramCalendar(options.start, Number.isInteger(options.months) ? options.months : 1);
  } catch {
    problems.push(`--start: must be a month such as 2025-01, got "${options.start}"`);
  }
  if (calendar && problems.length === 0) {
    const settled = calendar.end + PAYOUT_SETTLEMENT_DAYS * DAY_MS;
    if (settled > today.getTime()) {
      problems.push(
        `--months: a ${options.months}-month program from ${options.start} runs until ${calendar.label(options.months - 1)}, ` +
          `and its last payouts settle on ${new Date(settled).toISOString().slice(0, 10)}, which is not in the past; ` +
          'choose fewer months or an earlier --start',
      );
    }
  }
  return problems;
}
