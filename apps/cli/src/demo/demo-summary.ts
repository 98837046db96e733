import { Dec } from '@ledger/kernel';
import { GetPartnerSourcedRevenueQuery, type PartnerSourcedRevenueView } from '@ledger/reporting/read-model';
import { GetPartnerTierQuery, VerifyLedgerQuery, type LedgerVerificationView, type PartnerTierView } from '@ledger/ledger/read-model';
import type { LedgerContext } from '../ledger-context';
import type { DemoLoadReport } from './demo-loader';

export interface TopPartner {
  partnerId: string;
  name: string;
  partnerType: string;
  tier: string;
  /** Commission earned (accruals) per currency, decimal strings. */
  earned: Array<{ currency: string; amount: string }>;
}

export interface DemoSummary {
  load: DemoLoadReport;
  storedEvents: number;
  revenue: PartnerSourcedRevenueView;
  topPartners: TopPartner[];
  verification: LedgerVerificationView;
  /** Flags in the risk queue by signal (the demo plants a few of each kind). */
  held: Array<{ signal: string; flags: number }>;
}

/** The currency partners are ranked by: the program's main one. */
const RANKING_CURRENCY = 'USD';

/** Reads back what the ledger made of the program, through the same queries the API answers. */
export async function summarizeDemo(context: LedgerContext, load: DemoLoadReport): Promise<DemoSummary> {
  const revenue = await context.queries.execute(new GetPartnerSourcedRevenueQuery('partnerType', null, load.asOf));
  const verification = await context.queries.execute(new VerifyLedgerQuery());
  return {
    load,
    storedEvents: await context.store.headPosition(),
    revenue,
    topPartners: await topPartners(context, load),
    verification,
    held: await heldBySignal(context),
  };
}

/** Open risk flags per signal (a flag raising two signals counts for each). */
async function heldBySignal(context: LedgerContext): Promise<Array<{ signal: string; flags: number }>> {
  const rows = await context.db.query<{ signals: string }>("SELECT signals FROM risk_flags WHERE status = 'open'");
  const counts = new Map<string, number>();
  for (const row of rows)
    for (const { signal } of JSON.parse(row.signals) as Array<{ signal: string }>) counts.set(signal, (counts.get(signal) ?? 0) + 1);
  return [...counts].sort(([a], [b]) => (a < b ? -1 : 1)).map(([signal, flags]) => ({ signal, flags }));
}

/** The five partners that earned the most commission in USD, with what they earned in every currency. */
async function topPartners(context: LedgerContext, load: DemoLoadReport): Promise<TopPartner[]> {
  const rows = await context.db.query<{ partner_id: string; currency: string; earned: string }>(
    `SELECT partner_id, currency, SUM(credit)::text AS earned FROM ledger_lines
      WHERE kind = 'accrual' AND account = 'partner_commission' GROUP BY partner_id, currency ORDER BY partner_id, currency`,
  );
  const byPartner = new Map<string, Array<{ currency: string; amount: string }>>();
  for (const row of rows)
    byPartner.set(row.partner_id, [...(byPartner.get(row.partner_id) ?? []), { currency: row.currency, amount: row.earned }]);
  const ranked = [...byPartner.entries()]
    .map(([partnerId, earned]) => ({ partnerId, earned, key: new Dec(earned.find((e) => e.currency === RANKING_CURRENCY)?.amount ?? 0) }))
    .sort((a, b) => b.key.comparedTo(a.key) || (a.partnerId < b.partnerId ? -1 : 1))
    .slice(0, 5);
  const top: TopPartner[] = [];
  for (const { partnerId, earned } of ranked) {
    const tier: PartnerTierView | undefined = await context.queries.execute(new GetPartnerTierQuery(partnerId));
    const known = load.partners.get(partnerId);
    top.push({
      partnerId,
      name: known?.name ?? partnerId,
      partnerType: known?.partnerType ?? 'unknown',
      tier: tier?.tier ?? 'unknown',
      earned,
    });
  }
  return top;
}
