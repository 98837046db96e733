import { Dec } from './decimal';
import { minorUnitsOf } from './currency';

/** Money as it crosses every boundary (JSON, SQL, events): a decimal string and an ISO 4217 code. */
export interface MoneyJson {
  amount: string;
  currency: string;
}

/** Rounds half-even to the currency's minor unit. */
export function roundToMinorUnit(amount: Dec, currency: string): Dec {
  return amount.toDecimalPlaces(minorUnitsOf(currency), Dec.ROUND_HALF_EVEN);
}

/** Renders an amount with exactly the currency's minor digits ("1234.5" USD -> "1234.50"). */
export function formatAmount(amount: Dec, currency: string): string {
  return amount.toFixed(minorUnitsOf(currency), Dec.ROUND_HALF_EVEN);
}

/** The smallest positive amount of the currency (0.01 USD, 1 JPY). */
export function minorUnit(currency: string): Dec {
  return new Dec(1).dividedBy(new Dec(10).pow(minorUnitsOf(currency)));
}

export function toMoneyJson(amount: Dec, currency: string): MoneyJson {
  return { amount: formatAmount(amount, currency), currency };
}
