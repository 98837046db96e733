import * as currencyCodes from 'currency-codes';

/**
 * ISO 4217 minor units come from the maintained `currency-codes` table, never from a
 * hand-written list. Codes without a defined minor unit (e.g. XAU, XXX) are not money here.
 */
const minorUnitsByCode: ReadonlyMap<string, number> = new Map(
  currencyCodes.data
    .filter((entry) => typeof entry.digits === 'number' && !/^X/.test(entry.code))
    .map((entry) => [entry.code, entry.digits] as const),
);

export function isKnownCurrency(code: unknown): code is string {
  return typeof code === 'string' && minorUnitsByCode.has(code);
}

/** Digits after the decimal point for the currency (USD 2, JPY 0, KWD 3). Throws for unknown codes. */
export function minorUnitsOf(code: string): number {
  const digits = minorUnitsByCode.get(code);
  if (digits === undefined) throw new Error(`unknown currency "${code}"`);
  return digits;
}
