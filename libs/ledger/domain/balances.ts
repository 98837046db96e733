import { Dec, formatAmount } from '@ledger/kernel';
import type { Account } from './accounts';
import type { LedgerLine, TransactionKind } from './ledger-line';

/** Sums of a partner's lines by currency, kind, account and whether they were payable at `asOf`. */
export interface BalanceBucket {
  currency: string;
  kind: TransactionKind;
  account: Account;
  matured: boolean;
  debit: string;
  credit: string;
}

/**
 * A partner's balance in one currency. The identity that always holds:
 * earned − clawedBack + adjustments − paid = pending + payable.
 * `inTransit` is the part of `paid` the payment provider has not confirmed yet.
 */
export interface PartnerBalance {
  currency: string;
  pending: string;
  payable: string;
  paid: string;
  earned: string;
  clawedBack: string;
  adjustments: string;
  inTransit: string;
}

const FIELDS = ['pending', 'payable', 'paid', 'earned', 'clawedBack', 'adjustments', 'inTransit'] as const;

/** Turns bucket sums (from SQL or from `bucketLines`) into balances, one per currency, sorted by currency. */
export function balancesFromBuckets(buckets: Iterable<BalanceBucket>): PartnerBalance[] {
  const totals = new Map<string, Record<(typeof FIELDS)[number], Dec>>();
  for (const bucket of buckets) {
    let sums = totals.get(bucket.currency);
    if (!sums) {
      sums = Object.fromEntries(FIELDS.map((field) => [field, new Dec(0)])) as Record<(typeof FIELDS)[number], Dec>;
      totals.set(bucket.currency, sums);
    }
    const net = new Dec(bucket.credit).minus(bucket.debit);
    if (bucket.account === 'partner_payouts_in_transit') {
      sums.inTransit = sums.inTransit.plus(net);
      continue;
    }
    if (bucket.account !== 'partner_commission') continue;
    if (bucket.matured) sums.payable = sums.payable.plus(net);
    else sums.pending = sums.pending.plus(net);
    if (bucket.kind === 'accrual' || bucket.kind === 'accrual_reversal') sums.earned = sums.earned.plus(net);
    else if (bucket.kind === 'clawback' || bucket.kind === 'clawback_reversal') sums.clawedBack = sums.clawedBack.minus(net);
    else if (bucket.kind === 'adjustment') sums.adjustments = sums.adjustments.plus(net);
    else if (bucket.kind === 'payout' || bucket.kind === 'payout_reversal') sums.paid = sums.paid.minus(net);
  }
  return [...totals.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([currency, sums]) => ({
      currency,
      ...(Object.fromEntries(FIELDS.map((field) => [field, formatAmount(sums[field], currency)])) as Record<(typeof FIELDS)[number], string>),
    }));
}

/**
 * The lines a balance at business time `asOf` counts, as the ledger knew them at `knownAt`: lines that
 * happened by `asOf` and were recorded by `knownAt`; `matured` when payable by `asOf`. The SQL read
 * model applies the same rule in its query.
 */
export function bucketLines(lines: Iterable<LedgerLine>, asOf: string, knownAt: string): BalanceBucket[] {
  const asOfMs = Date.parse(asOf);
  const knownAtMs = Date.parse(knownAt);
  const buckets = new Map<string, BalanceBucket>();
  for (const line of lines) {
    if (Date.parse(line.occurredAt) > asOfMs || Date.parse(line.recordedAt) > knownAtMs) continue;
    const matured = Date.parse(line.payableAt) <= asOfMs;
    const key = `${line.currency}|${line.kind}|${line.account}|${matured}`;
    const bucket = buckets.get(key) ?? { currency: line.currency, kind: line.kind, account: line.account, matured, debit: '0', credit: '0' };
    bucket.debit = new Dec(bucket.debit).plus(line.debit).toString();
    bucket.credit = new Dec(bucket.credit).plus(line.credit).toString();
    buckets.set(key, bucket);
  }
  return [...buckets.values()];
}
