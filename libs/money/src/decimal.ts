import Decimal from 'decimal.js';

/**
 * The one Decimal constructor used for money and weights. A private clone keeps the
 * configuration local: 40 significant digits is far beyond any amount we store, and
 * half-even ("banker's") rounding is what the spec prescribes for every rounding step.
 */
export const Dec = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_EVEN, toExpNeg: -40, toExpPos: 40 });
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
