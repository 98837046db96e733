import { BalanceBuckets, balancesFromBuckets, type LedgerLine, type PartnerBalance } from '@ledger/ledger/domain';

/**
 * Running balance buckets per partner at a fixed `asOf` (everything known counts), by the ledger's
 * own balance rule: the simulation keeps these instead of the lines, so its memory grows with
 * partners, not with history.
 */
export class BalanceTally {
  private readonly partners = new Map<string, BalanceBuckets>();
  /** Lines added so far: balances worked out with an extra tally hold while both counts stand. */
  private added = 0;
  /** Balances per partner (all currencies) already worked out, alone and with each extra tally. */
  private readonly worked = new Map<BalanceTally | null, { added: number; byPartner: Map<string, PartnerBalance[]> }>();

  constructor(private readonly asOf: string | null) {}

  add(line: LedgerLine): void {
    this.added += 1;
    this.worked.clear();
    let buckets = this.partners.get(line.partnerId);
    if (!buckets) {
      buckets = new BalanceBuckets(this.asOf, null);
      this.partners.set(line.partnerId, buckets);
    }
    buckets.add(line);
  }

  /** The partner's balance in `currency`, as GET /v1/partners/{id}/balance would show it. */
  balance(partnerId: string, currency: string, extra?: BalanceTally): PartnerBalance | null {
    // A partner has a row per currency: its balances are worked out once, not once per row.
    let worked = this.worked.get(extra ?? null);
    if (!worked || worked.added !== (extra?.added ?? 0))
      this.worked.set(extra ?? null, (worked = { added: extra?.added ?? 0, byPartner: new Map() }));
    const { byPartner } = worked;
    let balances = byPartner.get(partnerId);
    if (!balances) {
      const buckets = [...(this.partners.get(partnerId)?.buckets() ?? []), ...(extra?.partners.get(partnerId)?.buckets() ?? [])];
      byPartner.set(partnerId, (balances = balancesFromBuckets(buckets)));
    }
    return balances.find((balance) => balance.currency === currency) ?? null;
  }
}
