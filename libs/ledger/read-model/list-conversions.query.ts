import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { Dec, formatAmount } from '@ledger/kernel';
import { READ_MODEL_DB } from '@ledger/platform/event-store';
import { pageOf, type Page, type PageRequest } from '@ledger/platform/http';
import type { SqlDatabase } from '@ledger/platform/sql';

export interface ConversionCreditView {
  partnerId: string;
  weight: string;
  revenue: string;
  /** Commission booked for the credit (null when none was, e.g. an inactive partner), with its tier and rate. */
  commission: string | null;
  clawedBack: string | null;
  tier: string | null;
  rate: string | null;
  payableAt: string | null;
}

export interface ConversionListItem {
  conversionId: string;
  conversionType: string;
  customerId: string | null;
  occurredAt: string;
  amount: { amount: string; currency: string };
  refunded: string;
  policyVersion: string;
  planVersion: string;
  credits: ConversionCreditView[];
}

export interface ConversionFilter {
  /** Only conversions crediting this partner (a commission was booked for it). */
  partnerId?: string;
  customerId?: string;
  /** Business-time range, both bounds included. */
  from?: string | null;
  to?: string | null;
}

/** Booked conversions in business-time order (ties by id) with their credits and commission; keyset paged. */
export class ListConversionsQuery extends Query<Page<ConversionListItem>> {
  constructor(
    readonly filter: ConversionFilter,
    readonly page: PageRequest,
  ) {
    super();
  }
}

interface Row {
  conversion_id: string;
  conversion_type: string;
  customer_id: string | null;
  occurred_at: string | Date;
  currency: string;
  amount: string;
  refunded: string;
  policy_version: string;
  plan_version: string;
  credits: string | Array<{ partnerId: string; weight: string; revenue: string }>;
}

interface CommissionRow {
  conversion_id: string;
  partner_id: string;
  revenue: string | null;
  commission: string;
  clawed_back: string;
  tier: string;
  rate: string;
  payable_at: string | Date;
}

const iso = (time: string | Date) => new Date(time).toISOString();

@QueryHandler(ListConversionsQuery)
export class ListConversionsHandler implements IQueryHandler<ListConversionsQuery> {
  constructor(@Inject(READ_MODEL_DB) private readonly db: SqlDatabase) {}

  async execute({ filter, page }: ListConversionsQuery): Promise<Page<ConversionListItem>> {
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    // With a partner, the partner's commission rows lead (index by partner, time, id); else the conversions' own index.
    const lead = filter.partnerId ? 'c' : 'v';
    const where: string[] = [];
    if (filter.partnerId) where.push(`c.partner_id = ${param(filter.partnerId)}`);
    if (filter.customerId) where.push(`v.customer_id = ${param(filter.customerId)}`);
    if (filter.from) where.push(`${lead}.occurred_at >= ${param(filter.from)}::timestamptz`);
    if (filter.to) where.push(`${lead}.occurred_at <= ${param(filter.to)}::timestamptz`);
    if (page.after)
      where.push(`(${lead}.occurred_at, ${lead}.conversion_id) > (${param(page.after[0])}::timestamptz, ${param(page.after[1])}::text)`);
    const from = filter.partnerId
      ? 'ledger_conversion_commissions c JOIN ledger_conversions v ON v.conversion_id = c.conversion_id'
      : 'ledger_conversions v';
    const rows = await this.db.query<Row>(
      `SELECT v.conversion_id, v.conversion_type, v.customer_id, v.occurred_at, v.currency, v.amount::text AS amount,
              v.refunded::text AS refunded, v.policy_version, v.plan_version, v.credits
         FROM ${from} ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY ${lead}.occurred_at, ${lead}.conversion_id LIMIT ${param(page.limit + 1)}`,
      params,
    );
    const kept = rows.slice(0, page.limit);
    const commissions = kept.length
      ? await this.db.query<CommissionRow>(
          `SELECT conversion_id, partner_id, revenue::text AS revenue, commission::text AS commission, clawed_back::text AS clawed_back,
                  tier, rate, payable_at
             FROM ledger_conversion_commissions WHERE conversion_id = ANY($1::text[])`,
          [kept.map((row) => row.conversion_id)],
        )
      : [];
    const byConversion = new Map<string, CommissionRow[]>();
    for (const row of commissions) byConversion.set(row.conversion_id, [...(byConversion.get(row.conversion_id) ?? []), row]);
    return pageOf(
      rows,
      page,
      (row) => [iso(row.occurred_at), row.conversion_id],
      (row) => conversionItem(row, byConversion.get(row.conversion_id) ?? []),
    );
  }
}

function conversionItem(row: Row, commissions: CommissionRow[]): ConversionListItem {
  const money = (value: string) => formatAmount(new Dec(value), row.currency);
  const credits = typeof row.credits === 'string' ? (JSON.parse(row.credits) as Exclude<Row['credits'], string>) : row.credits;
  const byPartner = new Map(commissions.map((c) => [c.partner_id, c]));
  const partners = [...new Set([...credits.map((c) => c.partnerId), ...byPartner.keys()])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    conversionId: row.conversion_id,
    conversionType: row.conversion_type,
    customerId: row.customer_id,
    occurredAt: iso(row.occurred_at),
    amount: { amount: money(row.amount), currency: row.currency },
    refunded: money(row.refunded),
    policyVersion: row.policy_version,
    planVersion: row.plan_version,
    credits: partners.map((partnerId) => {
      const credit = credits.find((c) => c.partnerId === partnerId);
      const booked = byPartner.get(partnerId);
      return {
        partnerId,
        weight: credit?.weight ?? '0',
        revenue: credit?.revenue ?? (booked?.revenue != null ? money(booked.revenue) : money('0')),
        commission: booked ? money(booked.commission) : null,
        clawedBack: booked ? money(booked.clawed_back) : null,
        tier: booked?.tier ?? null,
        rate: booked?.rate ?? null,
        payableAt: booked ? iso(booked.payable_at) : null,
      };
    }),
  };
}
