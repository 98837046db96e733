import { Dec, formatAmount } from '@ledger/kernel';
import type { Posting } from './ledger-line';

/** A posting of `amount` on one side; the other side is a zero with the currency's minor digits. */
export function posting(account: Posting['account'], side: 'debit' | 'credit', amount: string, currency: string): Posting {
  const zero = formatAmount(new Dec(0), currency);
  return { account, debit: side === 'debit' ? amount : zero, credit: side === 'credit' ? amount : zero };
}
