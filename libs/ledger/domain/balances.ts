import { Dec, fractionDigits, formatAmount } from '@ledger/kernel';
import type { Account } from './accounts';
import type { LedgerLine, TransactionKind } from './ledger-line';

/*
 * The balance rule, once. The SQL read model sums the same buckets in the database (its fast path,
 * parameterised with the constants below), the simulation tallies them line by line, and a
 * differential property test checks that the database answers exactly what these functions answer.
 */

/** The partner's side of the chart of accounts: only lines on these make up its balances. */
export const BALANCE_ACCOUNTS: readonly Account[] = ['partner_commission', 'partner_payouts_in_transit', 'partner_commission_held'];

/**
 * How each kind counts toward the lifetime figures, whatever partner account its line is on (a
 * clawback mirrored onto the held account is still a clawback). `hold` and `hold_release` move
 * commission between the partner's own accounts and count in none; a rejected hold reverses earnings.
 */
const LIFETIME: Readonly<Record<TransactionKind, 'earned' | 'clawedBack' | 'adjustments' | 'paid' | null>> = {
  accrual: 'earned',
  accrual_reversal: 'earned',
  hold_rejection: 'earned',
  clawback: 'clawedBack',
  clawback_reversal: 'clawedBack',
  adjustment: 'adjustments',
  payout: 'paid',
  payout_reversal: 'paid',
  payout_confirmation: null,
  hold: null,
  hold_release: null,
};

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
 * earned − clawedBack + adjustments − paid = pending + payable + held.
 * `held` is commission held on a risk flag (SPEC §9), whatever its payable date: never paid while held.
 * `inTransit` is the part of `paid` the payment provider has not confirmed yet.
 */
export interface PartnerBalance {
  currency: string;
  pending: string;
  payable: string;
  held: string;
  paid: string;
  earned: string;
  clawedBack: string;
  adjustments: string;
  inTransit: string;
}

const FIELDS = ['pending', 'payable', 'held', 'paid', 'earned', 'clawedBack', 'adjustments', 'inTransit'] as const;

/** Instants as milliseconds; null stands for "no limit" (everything known, everything happened). */
const millis = (iso: string | null): number => (iso === null ? Infinity : Date.parse(iso));

/**
 * Whether a line counts in the balance at business time `asOf` as the ledger knew it at `knownAt`:
 * a line of the partner's accounts that happened by `asOf` and was recorded by `knownAt`.
 */
export function countsInBalance(line: Pick<LedgerLine, 'account' | 'occurredAt' | 'recordedAt'>, asOf: number, knownAt: number): boolean {
  return BALANCE_ACCOUNTS.includes(line.account) && Date.parse(line.occurredAt) <= asOf && Date.parse(line.recordedAt) <= knownAt;
}

/** A counted line is payable at `asOf` once its payable date has come; before, it is pending. */
export function maturedAt(line: Pick<LedgerLine, 'payableAt'>, asOf: number): boolean {
  return Date.parse(line.payableAt) <= asOf;
}

/** Running bucket sums for balances at one `asOf` and `knownAt` (null: no limit). */
export class BalanceBuckets {
  /** Sums in minor units of the line's scale (lines carry exactly their currency's digits): exact, and cheap. */
  private readonly sums = new Map<
    string,
    { bucket: Omit<BalanceBucket, 'debit' | 'credit'>; digits: number; debit: bigint; credit: bigint }
  >();
  private readonly asOf: number;
  private readonly knownAt: number;

  constructor(asOf: string | null, knownAt: string | null) {
    this.asOf = millis(asOf);
    this.knownAt = millis(knownAt);
  }

  add(line: LedgerLine): void {
    if (!countsInBalance(line, this.asOf, this.knownAt)) return;
    const matured = maturedAt(line, this.asOf);
    const key = `${line.currency}|${line.kind}|${line.account}|${matured}`;
    let entry = this.sums.get(key);
    if (!entry) {
      const digits = fractionDigits(line.debit);
      entry = { bucket: { currency: line.currency, kind: line.kind, account: line.account, matured }, digits, debit: 0n, credit: 0n };
      this.sums.set(key, entry);
    }
    entry.debit += scaled(line.debit, entry.digits);
    entry.credit += scaled(line.credit, entry.digits);
  }

  buckets(): BalanceBucket[] {
    return [...this.sums.values()].map((entry) => ({
      ...entry.bucket,
      debit: unscaled(entry.debit, entry.digits),
      credit: unscaled(entry.credit, entry.digits),
    }));
  }
}

/** A plain decimal as an integer count of 10^-digits (exact for up to `digits` decimals). */
function scaled(amount: string, digits: number): bigint {
  const negative = amount.startsWith('-');
  const [whole, fraction = ''] = (negative ? amount.slice(1) : amount).split('.');
  if (fraction.length > digits) throw new RangeError(`balance: ${amount} has more than ${digits} decimals`);
  const value = BigInt(whole + fraction.padEnd(digits, '0'));
  return negative ? -value : value;
}

function unscaled(value: bigint, digits: number): string {
  return new Dec(value.toString()).dividedBy(new Dec(10).pow(digits)).toFixed(digits);
}

/** The buckets of `lines` (one partner's) for a balance at `asOf` known at `knownAt`. */
export function bucketLines(lines: Iterable<LedgerLine>, asOf: string, knownAt: string): BalanceBucket[] {
  const buckets = new BalanceBuckets(asOf, knownAt);
  for (const line of lines) buckets.add(line);
  return buckets.buckets();
}

/** Turns bucket sums (from SQL or from `BalanceBuckets`) into balances, one per currency, sorted by currency. */
export function balancesFromBuckets(buckets: Iterable<BalanceBucket>): PartnerBalance[] {
  const totals = new Map<string, Record<(typeof FIELDS)[number], Dec>>();
  for (const bucket of buckets) {
    if (!BALANCE_ACCOUNTS.includes(bucket.account)) continue;
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
    if (bucket.account === 'partner_commission_held') sums.held = sums.held.plus(net);
    else if (bucket.matured) sums.payable = sums.payable.plus(net);
    else sums.pending = sums.pending.plus(net);
    const lifetime = LIFETIME[bucket.kind];
    if (lifetime === 'earned' || lifetime === 'adjustments') sums[lifetime] = sums[lifetime].plus(net);
    else if (lifetime === 'clawedBack' || lifetime === 'paid') sums[lifetime] = sums[lifetime].minus(net);
  }
  return [...totals.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([currency, sums]) => ({
      currency,
      ...(Object.fromEntries(FIELDS.map((field) => [field, formatAmount(sums[field], currency)])) as Record<
        (typeof FIELDS)[number],
        string
      >),
    }));
}

/** The partner's balances per currency at business time `asOf`, as the ledger knew them at `knownAt`, from its lines. */
export function balancesOf(lines: Iterable<LedgerLine>, asOf: string, knownAt: string): PartnerBalance[] {
  return balancesFromBuckets(bucketLines(lines, asOf, knownAt));
}
