import { balancesFromBuckets, type BalanceBucket, type LedgerLine, type PartnerBalance } from '@ledger/ledger/domain';
import { Dec } from '@ledger/kernel';

/**
 * Running balance buckets per partner at a fixed `asOf` (everything known counts): the simulation
 * keeps these instead of the lines, so its memory grows with partners, not with history.
 */
export class BalanceTally {
  private readonly buckets = new Map<string, Map<string, { bucket: Omit<BalanceBucket, 'debit' | 'credit'>; debit: Dec; credit: Dec }>>();
  private readonly asOf: number;

  constructor(asOf: string | null) {
    this.asOf = asOf ? Date.parse(asOf) : Infinity;
  }

  add(line: LedgerLine): void {
    if (Date.parse(line.occurredAt) > this.asOf) return;
    const matured = Date.parse(line.payableAt) <= this.asOf;
    let partner = this.buckets.get(line.partnerId);
    if (!partner) {
      partner = new Map();
      this.buckets.set(line.partnerId, partner);
    }
    const key = `${line.currency}|${line.kind}|${line.account}|${matured}`;
    let entry = partner.get(key);
    if (!entry) {
      entry = { bucket: { currency: line.currency, kind: line.kind, account: line.account, matured }, debit: new Dec(0), credit: new Dec(0) };
      partner.set(key, entry);
    }
    entry.debit = entry.debit.plus(line.debit);
    entry.credit = entry.credit.plus(line.credit);
  }

  /** The partner's balance in `currency`, as GET /v1/partners/{id}/balance would show it. */
  balance(partnerId: string, currency: string, extra?: BalanceTally): PartnerBalance | null {
    const buckets = [...(this.buckets.get(partnerId)?.values() ?? []), ...(extra?.buckets.get(partnerId)?.values() ?? [])]
      .filter((entry) => entry.bucket.currency === currency)
      .map((entry) => ({ ...entry.bucket, debit: entry.debit.toString(), credit: entry.credit.toString() }));
    return buckets.length === 0 ? null : balancesFromBuckets(buckets)[0];
  }
}
