import { BalanceBuckets, balancesFromBuckets, type LedgerLine, type PartnerBalance } from '@ledger/ledger/domain';

/**
 * Running balance buckets per partner at a fixed `asOf` (everything known counts), by the ledger's
 * own balance rule: the simulation keeps these instead of the lines, so its memory grows with
 * partners, not with history.
 */
export class BalanceTally {
  private readonly partners = new Map<string, BalanceBuckets>();

  constructor(private readonly asOf: string | null) {}

  add(line: LedgerLine): void {
    let buckets = this.partners.get(line.partnerId);
    if (!buckets) {
      buckets = new BalanceBuckets(this.asOf, null);
      this.partners.set(line.partnerId, buckets);
    }
    buckets.add(line);
  }

  /** The partner's balance in `currency`, as GET /v1/partners/{id}/balance would show it. */
  balance(partnerId: string, currency: string, extra?: BalanceTally): PartnerBalance | null {
    const buckets = [...(this.partners.get(partnerId)?.buckets() ?? []), ...(extra?.partners.get(partnerId)?.buckets() ?? [])];
    return balancesFromBuckets(buckets).find((balance) => balance.currency === currency) ?? null;
  }
}
