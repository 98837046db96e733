import { formatAmount, minorUnitsOf, Rational, type Dec, type MoneyJson } from '@ledger/kernel';
import type { Credit } from '@ledger/contracts';
import { apportion, compareIds, formatWeight } from './weights';

/**
 * Splits the conversion amount by exact share: each partner's revenue is amount × share rounded
 * half-even to the currency's minor unit, and the remainder goes to the partner with the largest
 * share (compared as fractions; ties: smallest partnerId), so the credited revenue sums exactly to the
 * amount. Only partners with a (display) weight are credited. Credits come sorted by partnerId.
 */
export function splitRevenue(amount: MoneyJson, weights: Map<string, Dec>, shares: Map<string, Rational>): Credit[] {
  if (weights.size === 0) return [];
  const total = Rational.fromDecimal(amount.amount);
  const credited = [...weights.keys()].map((partnerId) => {
    const share = shares.get(partnerId) as Rational;
    return { partnerId, exact: total.times(share), rank: share };
  });
  const revenue = apportion(total, credited, minorUnitsOf(amount.currency));
  return [...weights.keys()].sort(compareIds).map((partnerId) => ({
    partnerId,
    weight: formatWeight(weights.get(partnerId) as Dec),
    revenue: formatAmount(revenue.get(partnerId) as Dec, amount.currency),
    share: (shares.get(partnerId) as Rational).toString(),
  }));
}
