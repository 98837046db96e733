import Decimal from 'decimal.js';

/**
 * The one Decimal constructor used for money and weights. A private clone keeps the
 * configuration local, and half-even ("banker's") rounding is what the spec prescribes for every
 * rounding step.
 *
 * Precision 100 significant digits: an amount has at most 15 digits before the point and 3 after
 * (parse-money.ts), so a product of an amount with a rate and a weight, or a split of it, needs
 * well under 100 digits and is never rounded by the context; the only roundings are the explicit
 * ones to a currency's minor unit. (At 40 digits a 45-digit amount split between two partners lost
 * cents silently.) The exponent limits are decimal.js's widest, so toString never switches to
 * exponent notation, which no decimal string of the contract allows.
 */
export const Dec = Decimal.clone({ precision: 100, rounding: Decimal.ROUND_HALF_EVEN, toExpNeg: -9e15, toExpPos: 9e15 });
export type Dec = Decimal;

/** Plain decimal notation: optional minus, digits, optional fraction. No exponent, no plus, no spaces. */
export const DECIMAL_STRING = /^-?(0|[1-9]\d*)(\.\d+)?$/;

export function isDecimalString(value: unknown): value is string {
  return typeof value === 'string' && DECIMAL_STRING.test(value);
}

/** Number of digits after the decimal point as written ("12.50" has 2). */
export function fractionDigits(decimalString: string): number {
  const dot = decimalString.indexOf('.');
  return dot < 0 ? 0 : decimalString.length - dot - 1;
}
