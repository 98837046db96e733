import { Dec, formatAmount, minorUnit, type MoneyJson } from '@ledger/kernel';
import type { RandomSource } from './random-source';

interface CurrencyProfile {
  /** Relative share of customers billed in this currency. */
  weight: number;
  /** Monthly subscription prices, cheapest first (cheaper plans sell more). */
  plans: readonly string[];
  /** Value of one US dollar in this currency, to size deals alike in every currency. */
  perDollar: string;
}

/** Mostly USD, then EUR and GBP, some JPY (a currency without minor units). */
const PROFILES: Readonly<Record<string, CurrencyProfile>> = {
  USD: { weight: 62, plans: ['49.00', '99.00', '199.00', '499.00'], perDollar: '1' },
  EUR: { weight: 18, plans: ['45.00', '89.00', '179.00', '449.00'], perDollar: '0.92' },
  GBP: { weight: 12, plans: ['39.00', '79.00', '159.00', '399.00'], perDollar: '0.79' },
  JPY: { weight: 8, plans: ['4900', '9800', '19800', '49800'], perDollar: '150' },
};

export function pickCurrency(random: RandomSource): string {
  return random.weighted(Object.entries(PROFILES).map(([currency, profile]) => [currency, profile.weight] as const));
}

/** A monthly subscription price: 45 % the cheapest plan, then 30, 17 and 8 %. */
export function subscriptionPrice(random: RandomSource, currency: string): MoneyJson {
  const plans = PROFILES[currency].plans;
  return { amount: random.weighted(plans.map((price, i) => [price, [45, 30, 17, 8][i]] as const)), currency };
}

/** A contract value worth between `minDollars` and `maxDollars` (in steps of 50 dollars), in `currency`. */
export function dealAmount(random: RandomSource, currency: string, minDollars: number, maxDollars: number): MoneyJson {
  const dollars = 50 * random.between(Math.ceil(minDollars / 50), Math.floor(maxDollars / 50));
  return { amount: formatAmount(new Dec(dollars).times(PROFILES[currency].perDollar), currency), currency };
}

/** `percent` % of an amount, rounded half-even to the currency's minor unit; at least one minor unit. */
export function percentOf(money: MoneyJson, percent: number): MoneyJson {
  const share = new Dec(money.amount).times(percent).dividedBy(100);
  const amount = formatAmount(share, money.currency);
  return { amount: new Dec(amount).isZero() ? formatAmount(minorUnit(money.currency), money.currency) : amount, currency: money.currency };
}
