import { Dec, formatAmount } from '@ledger/kernel';
import type { LedgerLine, TransactionKind } from './ledger-line';

/*
 * The payout-selection rule, once. The payout-run command asks the SQL read model for the amounts
 * (its fast path, parameterised with these constants) and selects with `selectPayouts`; a
 * differential property test checks the database against `availableForPayout` on random ledgers.
 */

/** Only the partner's commission account is paid out. */
export const PAYOUT_ACCOUNT = 'partner_commission';

/** Payouts and their reversals count whatever their date: a payout already made is never paid again. */
export const PAYOUT_KINDS_AT_ANY_DATE: readonly TransactionKind[] = ['payout', 'payout_reversal'];

/** What a partner may be paid in one currency. */
export interface PayoutAvailability {
  partnerId: string;
  currency: string;
  /** Decimal string; may be zero or negative. */
  available: string;
}

export interface SelectedPayout {
  partnerId: string;
  currency: string;
  /** With the currency's minor digits. */
  amount: string;
}

/** Whether a line counts toward what a run at business time `asOf` (milliseconds) may pay. */
export function countsTowardPayout(line: Pick<LedgerLine, 'account' | 'kind' | 'payableAt'>, asOf: number): boolean {
  return line.account === PAYOUT_ACCOUNT && (Date.parse(line.payableAt) <= asOf || PAYOUT_KINDS_AT_ANY_DATE.includes(line.kind));
}

/**
 * Per partner and currency (sorted by both): the commission payable by `asOf`, less every payout
 * already made (whatever its date), plus every reversed one. Everything recorded counts.
 */
export function availableForPayout(lines: Iterable<LedgerLine>, asOf: string): PayoutAvailability[] {
  const at = Date.parse(asOf);
  const sums = new Map<string, { partnerId: string; currency: string; available: Dec }>();
  for (const line of lines) {
    if (!countsTowardPayout(line, at)) continue;
    const key = `${line.partnerId}\u0000${line.currency}`;
    const sum = sums.get(key) ?? { partnerId: line.partnerId, currency: line.currency, available: new Dec(0) };
    sum.available = sum.available.plus(line.credit).minus(line.debit);
    sums.set(key, sum);
  }
  return [...sums.values()]
    .sort(byPartnerAndCurrency)
    .map((sum) => ({ partnerId: sum.partnerId, currency: sum.currency, available: sum.available.toString() }));
}

/**
 * Pays, in each currency `minimum` lists, every available amount that is positive and at least that
 * currency's minimum; sorted by partner and currency (by code unit, whatever the database's collation).
 */
export function selectPayouts(available: Iterable<PayoutAvailability>, minimum: Readonly<Record<string, string>>): SelectedPayout[] {
  const selected: SelectedPayout[] = [];
  for (const row of available) {
    if (!Object.hasOwn(minimum, row.currency)) continue;
    const amount = new Dec(row.available);
    if (amount.greaterThan(0) && amount.greaterThanOrEqualTo(minimum[row.currency])) {
      selected.push({ partnerId: row.partnerId, currency: row.currency, amount: formatAmount(amount, row.currency) });
    }
  }
  return selected.sort(byPartnerAndCurrency);
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const byPartnerAndCurrency = (a: { partnerId: string; currency: string }, b: { partnerId: string; currency: string }): number =>
  compare(a.partnerId, b.partnerId) || compare(a.currency, b.currency);
