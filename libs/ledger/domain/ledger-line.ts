import { LineCause } from '@ledger/contracts';
import type { Tier } from '@ledger/contracts';
import type { Account } from './accounts';

export const TRANSACTION_KINDS = [
  'accrual',
  'clawback',
  'adjustment',
  'payout',
  'payout_confirmation',
  'payout_reversal',
  // Compensating entries of a policy adoption: the replaced decision's commission and clawbacks undone.
  'accrual_reversal',
  'clawback_reversal',
] as const;
export type TransactionKind = (typeof TRANSACTION_KINDS)[number];

/** Everything a transaction's lines share. Times are ISO 8601 UTC with milliseconds. */
export interface TransactionHeader {
  transactionId: string;
  kind: TransactionKind;
  /** Every transaction concerns exactly one partner, whose chain holds all its lines. */
  partnerId: string;
  currency: string;
  /** Business time. */
  occurredAt: string;
  /** When the ledger learned it: the recorded time of the event that produced the transaction. */
  recordedAt: string;
  /** From this business time the line counts in `payable`; before, in `pending`. */
  payableAt: string;
  cause: LineCause;
  conversionId: string | null;
  policyVersion: string | null;
  /**
   * Set on the entries a policy adoption books (reversals of the old commission, accrual and clawbacks
   * of the new one): the version whose decision was replaced, while `policyVersion` names the adopted one.
   */
  replacedPolicyVersion: string | null;
  planVersion: string | null;
  tier: Tier | null;
  rate: string | null;
  description: string;
  /** Identity of the API key that asked for it (adjustments, payout runs). */
  actor: string | null;
}

/** One side of a transaction: an amount on exactly one of debit or credit. */
export interface Posting {
  account: Account;
  /** Decimal strings with the currency's minor digits; the other side is zero. */
  debit: string;
  credit: string;
}

export interface TransactionDraft extends Omit<TransactionHeader, 'replacedPolicyVersion'> {
  replacedPolicyVersion?: string | null;
  postings: Posting[];
}

/** A stored ledger line: a posting, its transaction's header and its link in the partner's hash chain. */
export interface LedgerLine extends TransactionHeader, Posting {
  lineId: string;
  /** Position in the partner's chain, from 1. */
  seq: number;
  prevHash: string;
  hash: string;
}

export interface LedgerTransaction {
  transactionId: string;
  lines: LedgerLine[];
}
