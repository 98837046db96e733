import { Dec, fractionDigits, isDecimalString } from './decimal';
import { isKnownCurrency, minorUnitsOf } from './currency';

export interface MoneyProblem {
  /** Path relative to the money object: "amount", "currency" or "" for the object itself. */
  path: string;
  message: string;
}

export interface ParseMoneyOptions {
  /** Refunds and clawbacks are sent as positive amounts; only adjustments may be negative. */
  allowNegative?: boolean;
  allowZero?: boolean;
}

/**
 * Checks a money object exactly as SPEC §2 demands and explains every problem.
 * Returns the problems found; an empty list means the value is valid money.
 */
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
  else if (!currencyOk) problems.push({ path: 'currency', message: `"${currency}" is not a known ISO 4217 currency code` });

  if (amount === undefined) problems.push({ path: 'amount', message: 'is required' });
  else if (typeof amount === 'number') {
    problems.push({ path: 'amount', message: `must be a decimal string such as "${String(amount)}", not a JSON number` });
  } else if (typeof amount !== 'string') problems.push({ path: 'amount', message: 'must be a decimal string' });
  else if (/[eE]/.test(amount)) problems.push({ path: 'amount', message: `"${amount}" uses an exponent; write plain decimal digits` });
  else if (!isDecimalString(amount)) {
    problems.push({ path: 'amount', message: `"${amount}" is not a plain decimal number (digits, optional "." and fraction, no sign but "-")` });
  } else {
    const parsed = new Dec(amount);
    if (amount.startsWith('-') && !options.allowNegative) problems.push({ path: 'amount', message: 'must not be negative' });
    else if (parsed.isZero() && options.allowZero === false) problems.push({ path: 'amount', message: 'must be greater than zero' });
    if (currencyOk && fractionDigits(amount) > minorUnitsOf(currency)) {
      problems.push({
        path: 'amount',
        message: `"${amount}" has ${fractionDigits(amount)} decimal places but ${currency} has ${minorUnitsOf(currency)}`,
      });
    }
  }
  return problems;
}
