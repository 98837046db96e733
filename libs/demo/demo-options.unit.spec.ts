import { DEFAULT_DEMO_OPTIONS, demoOptionProblems } from './demo-options';

describe('demoOptionProblems', () => {
  const today = new Date('2026-11-20T12:00:00Z');

  it('accepts the defaults: a 12-month program from January 2025', () => {
    expect(demoOptionProblems(DEFAULT_DEMO_OPTIONS, today)).toEqual([]);
  });

  it('refuses a program that is not over, so no payout run is dated in the future', () => {
    expect(demoOptionProblems({ ...DEFAULT_DEMO_OPTIONS, months: 23 }, today)).toEqual([
      '--months: a 23-month program from 2025-01 runs until 2026-11, and its last payouts settle on 2026-12-06, which is not in the past; choose fewer months or an earlier --start',
    ]);
    expect(demoOptionProblems({ ...DEFAULT_DEMO_OPTIONS, months: 22 }, today)).toEqual([]);
    expect(demoOptionProblems({ ...DEFAULT_DEMO_OPTIONS, start: '2026-06', months: 6 }, today)[0]).toMatch(/^--months: /);
  });

  it('names each invalid option and the reason', () => {
    expect(demoOptionProblems({ partners: 5, months: 0, seed: -1, start: '2025-13' }, today)).toEqual([
      '--partners: must be a whole number from 6 to 5000, got 5',
      '--months: must be a whole number from 1 to 120, got 0',
      '--seed: must be a whole number from 0 to 4294967295, got -1',
      '--start: must be a month such as 2025-01, got "2025-13"',
    ]);
  });
});
