import { DAY_MS, Dec, toIso } from '@ledger/kernel';
import type { RiskPolicy } from '../risk-policy';
import type { RiskSignal } from '../risk-signal';

/**
 * A conversion at most `withinDays` after the partner's enrolment, of at least the amount set for
 * its currency (SPEC §9). A currency without an amount in the policy is never flagged by this signal.
 */
export function newPartnerLargeDeal(
  input: { partnerId: string; enrolledAt: number; conversionTime: number; amount: string; currency: string },
  rule: RiskPolicy['newPartnerLargeDeal'],
): RiskSignal | null {
  const limit = rule?.amount[input.currency];
  if (!rule || limit === undefined) return null;
  const age = input.conversionTime - input.enrolledAt;
  if (age < 0 || age > rule.withinDays * DAY_MS || new Dec(input.amount).lessThan(limit)) return null;
  const days = Math.floor(age / DAY_MS);
  return {
    signal: 'new_partner_large_deal',
    evidence:
      `${input.amount} ${input.currency} ${days} days after ${input.partnerId} enrolled (${toIso(input.enrolledAt)}); ` +
      `limit ${limit} ${input.currency} within ${rule.withinDays} days`,
    figures: { amount: input.amount, currency: input.currency, daysSinceEnrolment: days, limit, withinDays: rule.withinDays },
  };
}
