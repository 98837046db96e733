import { Dec } from '@ledger/kernel';
import type { RiskPolicy } from '../risk-policy';
import type { RiskSignal } from '../risk-signal';

/** One of the partner's credited conversions in the window: its credited revenue and how much of it was refunded. */
export interface CreditedRevenue {
  conversionId: string;
  revenue: string;
  refunded: string;
}

/**
 * The partner's refunded share of credited revenue over the trailing `windowDays` is at least
 * `threshold`, over at least `minConversions` conversions (SPEC §9). `history` holds the partner's
 * credited conversions of the judged conversion's currency (money is never summed across
 * currencies) in the window before it. The share is compared exactly, never rounded.
 */
export function refundRate(
  input: { partnerId: string; currency: string; history: readonly CreditedRevenue[] },
  rule: RiskPolicy['refundRate'],
): RiskSignal | null {
  if (!rule || input.history.length < rule.minConversions) return null;
  let revenue = new Dec(0);
  let refunded = new Dec(0);
  for (const conversion of input.history) {
    revenue = revenue.plus(conversion.revenue);
    refunded = refunded.plus(conversion.refunded);
  }
  if (revenue.isZero() || refunded.dividedBy(revenue).lessThan(rule.threshold)) return null;
  const share = refunded.dividedBy(revenue);
  const shown = share.toDecimalPlaces(4, Dec.ROUND_HALF_EVEN).toString();
  return {
    signal: 'refund_rate',
    evidence:
      `${input.partnerId} had ${refunded.toString()} of ${revenue.toString()} ${input.currency} credited revenue refunded ` +
      `(${shown}) over ${input.history.length} conversions in the last ${rule.windowDays} days; threshold ${rule.threshold}`,
    figures: {
      currency: input.currency,
      refunded: refunded.toString(),
      revenue: revenue.toString(),
      share: shown,
      conversions: input.history.length,
      threshold: rule.threshold,
      windowDays: rule.windowDays,
    },
  };
}
