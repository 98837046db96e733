import { Dec, formatAmount, minorUnitsOf, type MoneyJson } from '@ledger/money';
import type { Credit } from './decision';
import { apportion, compareIds, formatWeight } from './weights';

/**
 * Splits the conversion amount by weight: each partner's revenue is amount x weight rounded half-even
 * to the currency's minor unit, and the remainder goes to the partner with the largest weight (ties:
 * smallest partnerId), so the credited revenue sums exactly to the amount. Credits come sorted by partnerId.
 */
export function splitRevenue(amount: MoneyJson, weights: Map<string, Dec>): Credit[] {
  if (weights.size === 0) return [];
  const total = new Dec(amount.amount);
  const shares = [...weights].map(([partnerId, weight]) => ({ partnerId, exact: total.times(weight), rank: weight }));
  const revenue = apportion(total, shares, minorUnitsOf(amount.currency));
  return [...weights.keys()]
    .sort(compareIds)
    .map((partnerId) => ({
      partnerId,
      weight: formatWeight(weights.get(partnerId) as Dec),
      revenue: formatAmount(revenue.get(partnerId) as Dec, amount.currency),
    }));
}
