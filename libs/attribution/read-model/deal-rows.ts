import { pendingEnd, policyAt, protectionEnd, type AttributionOptions, type DealEntity } from '@ledger/attribution/domain';
import type { AttributionDecision } from '@ledger/contracts';
import { toIso } from '@ledger/kernel';
import type { SqlExecutor } from '@ledger/platform/sql';

/*
 * attribution_deals (schema: migrations.ts 0003): one row per deal registration, kept from the
 * engine's changed deal entities, plus the conversion a registration won (a decision's winning
 * deal_registration candidate). Written in the reactor's transaction.
 */

/** Writes the rows of the changed registrations (their lifecycle fields; `won_*` are kept). */
export async function writeDealRows(
  tx: SqlExecutor,
  deals: ReadonlyArray<{ dealId: string; deal: DealEntity }>,
  options: AttributionOptions,
): Promise<void> {
  if (deals.length === 0) return;
  const iso = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : toIso(ms));
  // Until when the registration holds its domain: its protection once approved, else its pending period.
  const holdUntil = (deal: DealEntity) =>
    toIso(deal.approvedAt !== null ? protectionEnd(deal) : pendingEnd(deal, policyAt(options, deal.registeredAt)));
  await tx.query(
    `INSERT INTO attribution_deals (deal_id, partner_id, account_domain, registered_at, position, approved_at, hold_until, rejected_at,
                                    rejection_reason, automatic, lost_at, lost_reason)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::bigint[], $6::timestamptz[], $7::timestamptz[],
                          $8::timestamptz[], $9::text[], $10::boolean[], $11::timestamptz[], $12::text[])
     ON CONFLICT (deal_id) DO UPDATE SET partner_id = EXCLUDED.partner_id, account_domain = EXCLUDED.account_domain,
       registered_at = EXCLUDED.registered_at, position = EXCLUDED.position, approved_at = EXCLUDED.approved_at,
       hold_until = EXCLUDED.hold_until, rejected_at = EXCLUDED.rejected_at, rejection_reason = EXCLUDED.rejection_reason,
       automatic = EXCLUDED.automatic, lost_at = EXCLUDED.lost_at, lost_reason = EXCLUDED.lost_reason`,
    [
      deals.map((d) => d.dealId),
      deals.map((d) => d.deal.partnerId),
      deals.map((d) => d.deal.domain),
      deals.map((d) => iso(d.deal.registeredAt)),
      deals.map((d) => d.deal.position),
      deals.map((d) => iso(d.deal.approvedAt)),
      deals.map((d) => holdUntil(d.deal)),
      deals.map((d) => iso(d.deal.rejectedAt)),
      deals.map((d) => d.deal.rejectionReason),
      deals.map((d) => d.deal.automatic),
      deals.map((d) => iso(d.deal.lostAt)),
      deals.map((d) => d.deal.lostReason ?? null),
    ],
  );
}

/** Marks the registrations that won a `deal.closed_won` (the decision's winning deal_registration candidate). */
export async function markWonDeals(tx: SqlExecutor, decisions: readonly AttributionDecision[]): Promise<void> {
  for (const decision of decisions) {
    if (decision.conversionType !== 'deal.closed_won') continue;
    for (const candidate of decision.candidates) {
      if (candidate.channel !== 'deal_registration' || candidate.outcome !== 'won') continue;
      await tx.query('UPDATE attribution_deals SET won_at = $2, won_conversion_id = $3 WHERE deal_id = $1', [
        candidate.reference,
        decision.conversionTime,
        decision.conversionId,
      ]);
    }
  }
}
