import { toIso } from '@ledger/kernel';
import type { RiskPolicy } from '../risk-policy';
import type { RiskSignal } from '../risk-signal';

const MINUTE_MS = 60_000;

/**
 * The winning click's visitor clicked the partner's links more than `maxClicks` times within some
 * `withinMinutes` (SPEC §9). A window holds the clicks at most `withinMinutes` after its first one
 * (first and last click less than that apart, or exactly that apart). `clicks` are the business
 * times (ms) of that visitor's clicks for that partner up to the conversion, in any order.
 * The evidence names the busiest window, the earliest of equally busy ones.
 */
export function clickVelocity(
  input: { partnerId: string; visitorId: string; clicks: readonly number[] },
  rule: RiskPolicy['clickVelocity'],
): RiskSignal | null {
  if (!rule) return null;
  const times = [...input.clicks].sort((a, b) => a - b);
  const span = rule.withinMinutes * MINUTE_MS;
  let best = { count: 0, first: 0, last: 0 };
  let start = 0;
  for (let end = 0; end < times.length; end += 1) {
    while (times[end] - times[start] > span) start += 1;
    const count = end - start + 1;
    if (count > best.count) best = { count, first: times[start], last: times[end] };
  }
  if (best.count <= rule.maxClicks) return null;
  const [from, to] = [toIso(best.first), toIso(best.last)];
  return {
    signal: 'click_velocity',
    evidence:
      `${best.count} clicks by visitor ${input.visitorId} for ${input.partnerId} between ${from} and ${to}; ` +
      `limit ${rule.maxClicks} in ${rule.withinMinutes} minutes`,
    figures: { visitorId: input.visitorId, clicks: best.count, from, to, maxClicks: rule.maxClicks, withinMinutes: rule.withinMinutes },
  };
}
