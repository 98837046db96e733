import { Dec, formatAmount, roundToMinorUnit } from '@ledger/money';
import type { Credit } from '@ledger/attribution';
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
  credit: Pick<Credit, 'weight' | 'revenue'>,
  currency: string,
): CommissionLine | undefined {
  const rule = selectRateRule(plan, context);
  if (!rule) return undefined;
  const rate = new Dec(rule.rate ?? '0');
  const flat = rule.flat?.[currency];
  let exact = new Dec(credit.revenue).times(rate);
  if (flat !== undefined) exact = exact.plus(new Dec(flat).times(credit.weight));
  return {
    amount: formatAmount(roundToMinorUnit(exact, currency), currency),
    rate: rate.toString(),
    flat: flat ?? null,
  };
}
