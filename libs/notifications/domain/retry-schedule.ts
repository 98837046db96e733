/**
 * When a failed webhook delivery is tried again: the pauses after the first, second... attempt
 * (the last one repeats) and how long a delivery is retried at all, counted from its first attempt.
 */
export interface RetryPolicy {
  pausesMillis: readonly number[];
  windowMillis: number;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** 5 s, 30 s, 2 min, 10 min, 30 min, then hourly, for 24 hours (about 28 attempts). */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  pausesMillis: [5 * SECOND, 30 * SECOND, 2 * MINUTE, 10 * MINUTE, 30 * MINUTE, HOUR],
  windowMillis: 24 * HOUR,
};

/** The pause after the `attempts`-th failed attempt (from 1): the schedule's entry, its last one repeating. */
export function pauseAfter(policy: RetryPolicy, attempts: number): number {
  const pauses = policy.pausesMillis.length > 0 ? policy.pausesMillis : DEFAULT_RETRY_POLICY.pausesMillis;
  return pauses[Math.min(Math.max(attempts, 1), pauses.length) - 1];
}
