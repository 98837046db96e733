import { Dec, fractionDigits, isDecimalString } from './decimal';
import { isKnownCurrency, minorUnitsOf } from './currency';

export interface MoneyProblem {
  /** Path relative to the money object: "amount", "currency" or "" for the object itself. */
  path: string;
  message: string;
}

/**
 * Digits an amount may have before the decimal point (SPEC §2): 999,999,999,999,999.999 is far
 * beyond any real payment, and the bound keeps every product and quotient of amounts, rates and
 * weights well inside the decimal context (see decimal.ts), so nothing is rounded unnoticed.
 */
export const MAX_INTEGER_DIGITS = 15;

/** Longest amount echoed in a message; longer ones are cut, so a megabyte of digits never comes back. */
const SHOWN_LENGTH = 40;

export interface ParseMoneyOptions {
  /** Refunds and clawbacks are sent as positive amounts; only adjustments may be negative. */
  allowNegative?: boolean;
  allowZero?: boolean;
  /**
   * Digits allowed before the point: 15 for what arrives as input (SPEC §2); more for amounts the
   * ledger computes itself (a payout of many adjustments may sum past 15 digits).
   */
  maxIntegerDigits?: number;
}

/**
 * Checks a money object exactly as SPEC §2 demands and explains every problem.
 * Returns the problems found; an empty list means the value is valid money.
 */
/** Digits before the decimal point of a plain decimal string ("-1234.50" has 4). */
export function integerDigits(decimalString: string): number {
  const unsigned = decimalString.startsWith('-') ? decimalString.slice(1) : decimalString;
  const dot = unsigned.indexOf('.');
  return dot < 0 ? unsigned.length : dot;
}

/** The amount as a message shows it: quoted, cut after SHOWN_LENGTH characters. */
function shown(amount: string): string {
  return amount.length <= SHOWN_LENGTH ? `"${amount}"` : `"${amount.slice(0, SHOWN_LENGTH)}…" (${amount.length} characters)`;
}

export function moneyProblems(value: unknown, options: ParseMoneyOptions = {}): MoneyProblem[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return [{ path: '', message: 'must be an object {"amount": "<decimal string>", "currency": "<ISO 4217 code>"}' }];
  }
  const { amount, currency } = value as Record<string, unknown>;
  const problems: MoneyProblem[] = [];
  const extra = Object.keys(value).filter((key) => key !== 'amount' && key !== 'currency');
  for (const key of extra) problems.push({ path: key, message: 'is not a money field (only "amount" and "currency")' });

  const currencyOk = isKnownCurrency(currency);
  if (currency === undefined) problems.push({ path: 'currency', message: 'is required' });
  else if (typeof currency !== 'string') problems.push({ path: 'currency', message: 'must be an ISO 4217 code string' });
  else if (!currencyOk) problems.push({ path: 'currency', message: `${shown(currency)} is not a known ISO 4217 currency code` });

  if (amount === undefined) problems.push({ path: 'amount', message: 'is required' });
  else if (typeof amount === 'number') {
    problems.push({ path: 'amount', message: `must be a decimal string such as "${String(amount)}", not a JSON number` });
  } else if (typeof amount !== 'string') problems.push({ path: 'amount', message: 'must be a decimal string' });
  else if (/[eE]/.test(amount)) problems.push({ path: 'amount', message: `${shown(amount)} uses an exponent; write plain decimal digits` });
  else if (!isDecimalString(amount)) {
    problems.push({
      path: 'amount',
      message: `${shown(amount)} is not a plain decimal number (digits, optional "." and fraction, no sign but "-")`,
    });
  } else if (integerDigits(amount) > (options.maxIntegerDigits ?? MAX_INTEGER_DIGITS)) {
    // Checked before anything parses the digits: a million of them must cost nothing.
    problems.push({
      path: 'amount',
      message: `${shown(amount)} has ${integerDigits(amount)} digits before the decimal point; an amount has at most ${options.maxIntegerDigits ?? MAX_INTEGER_DIGITS}`,
    });
  } else {
    const parsed = new Dec(amount);
    if (amount.startsWith('-') && !options.allowNegative) problems.push({ path: 'amount', message: 'must not be negative' });
    else if (parsed.isZero() && options.allowZero === false) problems.push({ path: 'amount', message: 'must be greater than zero' });
    if (currencyOk && fractionDigits(amount) > minorUnitsOf(currency)) {
      problems.push({
        path: 'amount',
        message: `${shown(amount)} has ${fractionDigits(amount)} decimal places but ${currency} has ${minorUnitsOf(currency)}`,
      });
    }
  }
  return problems;
}
