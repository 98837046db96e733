import type { KeyedChange } from '@ledger/kernel';
import type { ConversionEntity, LedgerEntities, PartnerEntity } from '@ledger/ledger/domain';
import type { SqlExecutor } from '@ledger/platform/sql';

/*
 * The partner and conversion-commission tables (schema: ledger-read-model-schema.ts), kept from
 * the entities the fold marked changed. Serialised when the batch is applied, written in the
 * transaction of its lines: a query never sees one without the other.
 */

/** The business time from which the partner's current tier is in force (its last change to it). */
export function tierSince(partner: Pick<PartnerEntity, 'tier' | 'history'>): string | null {
  for (let i = partner.history.length - 1; i >= 0; i -= 1) if (partner.history[i].to === partner.tier) return partner.history[i].at;
  return null;
}

interface PartnerRow {
  partnerId: string;
  name: string | null;
  partnerType: string | null;
  enrolledAt: string | null;
  tier: string;
  since: string | null;
  stats: string;
  history: string;
  withdrawn: string;
}

const partnerRow = (partner: PartnerEntity): PartnerRow => ({
  partnerId: partner.partnerId,
  name: partner.name,
  partnerType: partner.partnerType,
  enrolledAt: partner.enrolledAt,
  tier: partner.tier,
  since: tierSince(partner),
  stats: JSON.stringify(partner.stats),
  history: JSON.stringify(partner.history),
  withdrawn: JSON.stringify(partner.withdrawn ?? []),
});

const commissionRows = (conversion: ConversionEntity) =>
  conversion.accruals.map((accrual) => ({
    conversionId: conversion.conversionId,
    partnerId: accrual.partnerId,
    currency: conversion.currency,
    policyVersion: conversion.policyVersion,
    planVersion: accrual.planVersion ?? conversion.planVersion,
    revenue: accrual.revenue ?? null,
    commission: accrual.commission,
    tier: accrual.tier,
    rate: accrual.rate,
    payableAt: accrual.payableAt,
    clawedBack: accrual.clawedBack,
    occurredAt: conversion.conversionTime,
  }));

const conversionRow = (conversion: ConversionEntity) => ({
  conversionId: conversion.conversionId,
  conversionType: conversion.conversionType,
  customerId: conversion.customerId ?? null,
  occurredAt: conversion.conversionTime,
  currency: conversion.currency,
  amount: conversion.amount,
  refunded: conversion.refunded,
  policyVersion: conversion.policyVersion,
  planVersion: conversion.planVersion,
  credits: JSON.stringify(
    (conversion.credits ?? []).map((credit) => ({ partnerId: credit.partnerId, weight: credit.weight, revenue: credit.revenue })),
  ),
});

/** Turns one batch's changed entities into the writes of the query tables (a no-op when none concern them). */
export function queryTableChanges(changes: Iterable<KeyedChange<LedgerEntities>>): (tx: SqlExecutor) => Promise<void> {
  const partners: PartnerRow[] = [];
  const gonePartners: string[] = [];
  const conversions: string[] = [];
  const commissions: ReturnType<typeof commissionRows> = [];
  const booked: Array<ReturnType<typeof conversionRow>> = [];
  for (const change of changes) {
    if (change.kind === 'partner') {
      if (change.value) partners.push(partnerRow(change.value));
      else gonePartners.push(change.key);
    } else if (change.kind === 'conversion') {
      // A conversion's rows are replaced as a whole: an adoption may drop a partner's accrual.
      conversions.push(change.key);
      if (change.value) {
        commissions.push(...commissionRows(change.value));
        booked.push(conversionRow(change.value));
      }
    }
  }
  return async (tx) => {
    if (partners.length > 0) {
      await tx.query(
        `INSERT INTO ledger_partners (partner_id, name, partner_type, enrolled_at, tier, since, stats, history, withdrawn)
         SELECT id, name, type, enrolled, tier, since, stats::json, history::json, withdrawn::json
           FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::text[], $6::timestamptz[], $7::text[], $8::text[], $9::text[])
                AS p(id, name, type, enrolled, tier, since, stats, history, withdrawn)
         ON CONFLICT (partner_id) DO UPDATE SET name = EXCLUDED.name, partner_type = EXCLUDED.partner_type, enrolled_at = EXCLUDED.enrolled_at,
           tier = EXCLUDED.tier, since = EXCLUDED.since, stats = EXCLUDED.stats, history = EXCLUDED.history, withdrawn = EXCLUDED.withdrawn`,
        [
          partners.map((p) => p.partnerId),
          partners.map((p) => p.name),
          partners.map((p) => p.partnerType),
          partners.map((p) => p.enrolledAt),
          partners.map((p) => p.tier),
          partners.map((p) => p.since),
          partners.map((p) => p.stats),
          partners.map((p) => p.history),
          partners.map((p) => p.withdrawn),
        ],
      );
    }
    if (gonePartners.length > 0) await tx.query('DELETE FROM ledger_partners WHERE partner_id = ANY($1::text[])', [gonePartners]);
    if (conversions.length > 0) {
      await tx.query('DELETE FROM ledger_conversion_commissions WHERE conversion_id = ANY($1::text[])', [conversions]);
      await tx.query('DELETE FROM ledger_conversions WHERE conversion_id = ANY($1::text[])', [conversions]);
    }
    if (booked.length > 0) {
      await tx.query(
        `INSERT INTO ledger_conversions
           (conversion_id, conversion_type, customer_id, occurred_at, currency, amount, refunded, policy_version, plan_version, credits)
         SELECT id, type, customer, occurred, currency, amount, refunded, policy, plan, credits::json
           FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::text[], $6::numeric[], $7::numeric[], $8::text[], $9::text[],
                       $10::text[]) AS c(id, type, customer, occurred, currency, amount, refunded, policy, plan, credits)`,
        [
          booked.map((c) => c.conversionId),
          booked.map((c) => c.conversionType),
          booked.map((c) => c.customerId),
          booked.map((c) => c.occurredAt),
          booked.map((c) => c.currency),
          booked.map((c) => c.amount),
          booked.map((c) => c.refunded),
          booked.map((c) => c.policyVersion),
          booked.map((c) => c.planVersion),
          booked.map((c) => c.credits),
        ],
      );
    }
    if (commissions.length > 0) {
      await tx.query(
        `INSERT INTO ledger_conversion_commissions
           (conversion_id, partner_id, currency, policy_version, plan_version, revenue, commission, tier, rate, payable_at, clawed_back,
            occurred_at)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::numeric[], $7::numeric[], $8::text[], $9::text[],
                              $10::timestamptz[], $11::numeric[], $12::timestamptz[])`,
        [
          commissions.map((c) => c.conversionId),
          commissions.map((c) => c.partnerId),
          commissions.map((c) => c.currency),
          commissions.map((c) => c.policyVersion),
          commissions.map((c) => c.planVersion),
          commissions.map((c) => c.revenue),
          commissions.map((c) => c.commission),
          commissions.map((c) => c.tier),
          commissions.map((c) => c.rate),
          commissions.map((c) => c.payableAt),
          commissions.map((c) => c.clawedBack),
          commissions.map((c) => c.occurredAt),
        ],
      );
    }
  };
}
