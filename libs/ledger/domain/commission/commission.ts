import { Dec, formatAmount, minorUnitsOf, Rational } from '@ledger/kernel';
import type { Credit } from '@ledger/contracts';
import type { CommissionPlan } from './commission-plan';
import { selectRateRule, type RateContext } from './rate-rule';

export interface CommissionLine {
  /** Rounded half-even to the currency's minor unit, with exactly its minor digits. */
  amount: string;
  /** The rate applied (decimal string), "0" when the rule pays only a flat amount. */
  rate: string;
  /** The flat amount per conversion the rule pays in this currency, or null. */
  flat: string | null;
}

/**
 * Commission of one partner's credit on one conversion: credited revenue × rate, plus the rule's flat
 * amount in the conversion's currency apportioned by the partner's weight, rounded once, half-even.
 * Undefined when no rule of the plan matches.
 */
export function commissionForCredit(
  plan: Pick<CommissionPlan, 'rates'>,
  context: RateContext,
  credit: Pick<Credit, 'weight' | 'revenue' | 'share'>,
  currency: string,
): CommissionLine | undefined {
  const rule = selectRateRule(plan, context);
  if (!rule) return undefined;
  const rate = Rational.fromDecimal(rule.rate ?? '0');
  const flat = rule.flat?.[currency];
  let exact = Rational.fromDecimal(credit.revenue).times(rate);
  // The exact share, not the rounded weight: a flat amount over six equal partners is 1/6 each.
  if (flat !== undefined) exact = exact.plus(Rational.fromDecimal(flat).times(Rational.parse(credit.share ?? credit.weight)));
  return {
    amount: formatAmount(exact.round(minorUnitsOf(currency)), currency),
    rate: new Dec(rule.rate ?? '0').toString(),
    flat: flat ?? null,
  };
}
