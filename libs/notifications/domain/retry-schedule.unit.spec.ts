import { DEFAULT_RETRY_POLICY, pauseAfter } from './retry-schedule';

describe('pauseAfter', () => {
  it('grows 5 s, 30 s, 2 min, 10 min, 30 min, then hourly', () => {
    const pauses = [1, 2, 3, 4, 5, 6, 7, 20].map((attempts) => pauseAfter(DEFAULT_RETRY_POLICY, attempts) / 1000);
    expect(pauses).toEqual([5, 30, 120, 600, 1800, 3600, 3600, 3600]);
  });

  it('follows a configured schedule, its last pause repeating', () => {
    const policy = { pausesMillis: [100, 300], windowMillis: 2000 };
    expect([1, 2, 3, 9].map((attempts) => pauseAfter(policy, attempts))).toEqual([100, 300, 300, 300]);
  });
});
