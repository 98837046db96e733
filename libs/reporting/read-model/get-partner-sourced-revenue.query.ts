import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { READ_MODEL_DB } from '@ledger/platform/event-store';
import { Dec, formatAmount } from '@ledger/kernel';
import type { SqlDatabase } from '@ledger/platform/sql';
import { coverRange } from '@ledger/reporting/domain';
import { rowsCondition, spansCondition } from './range-sql';

export const REVENUE_GROUPINGS = ['partner', 'partnerType', 'month'] as const;
export type RevenueGrouping = (typeof REVENUE_GROUPINGS)[number];

export interface RevenueRow {
  key: string;
  currency: string;
  revenue: string;
  conversions: number;
}

export interface RevenueTotal {
  currency: string;
  totalRevenue: string;
  partnerSourcedRevenue: string;
  /** partnerSourcedRevenue / totalRevenue, 4 decimals; never across currencies. */
  share: string | null;
  /** Revenue of conversions any partner touched, credited or not. */
  partnerInfluencedRevenue: string;
  partnerInfluencedShare: string | null;
  conversions: number;
  partnerSourcedConversions: number;
  partnerInfluencedConversions: number;
}

export interface PartnerSourcedRevenueView {
  from: string | null;
  to: string;
  groupBy: RevenueGrouping;
  rows: RevenueRow[];
  totals: RevenueTotal[];
}

/** Partner-sourced revenue (gross of refunds) between two business times, grouped, with totals per currency. */
export class GetPartnerSourcedRevenueQuery extends Query<PartnerSourcedRevenueView> {
  constructor(
    readonly groupBy: RevenueGrouping,
    readonly from: string | null,
    readonly to: string,
  ) {
    super();
  }
}

const GROUP_COLUMN: Record<RevenueGrouping, string> = { partner: 'partner_id', partnerType: 'partner_type', month: 'month' };

/**
 * Reads the rollups (report-rollups.ts) for the whole days, months and years of the range and the
 * rows only for its partial first and last day: O(periods × groups) rows whatever the history.
 */
@QueryHandler(GetPartnerSourcedRevenueQuery)
export class GetPartnerSourcedRevenueHandler implements IQueryHandler<GetPartnerSourcedRevenueQuery> {
  constructor(@Inject(READ_MODEL_DB) private readonly db: SqlDatabase) {}

  async execute({ groupBy, from, to }: GetPartnerSourcedRevenueQuery): Promise<PartnerSourcedRevenueView> {
    const cover = coverRange(from, to);
    const column = GROUP_COLUMN[groupBy];
    const rowParams: unknown[] = [groupBy];
    const rows = await this.db.query<{ key: string; currency: string; revenue: string; conversions: number | string }>(
      `SELECT key, currency, SUM(revenue)::text AS revenue, SUM(conversions) AS conversions
         FROM (SELECT r.key, r.currency, r.revenue, r.conversions FROM report_revenue_rollup r
                WHERE r.group_by = $1 AND (${spansCondition(cover, rowParams)})
               UNION ALL
               SELECT c.${column}, c.currency, SUM(c.revenue), COUNT(DISTINCT c.conversion_id) FROM report_credits c
                WHERE ${rowsCondition(cover, rowParams)} GROUP BY c.${column}, c.currency) AS parts
        GROUP BY key, currency HAVING SUM(conversions) > 0 ORDER BY currency, key`,
      rowParams,
    );
    const totalParams: unknown[] = [];
    const totals = await this.db.query<{
      currency: string;
      total: string;
      influenced: string;
      conversions: number | string;
      credited: number | string;
      touched: number | string;
    }>(
      `SELECT currency, SUM(amount)::text AS total, COALESCE(SUM(amount) FILTER (WHERE influenced), 0)::text AS influenced,
              SUM(conversions) AS conversions, COALESCE(SUM(conversions) FILTER (WHERE credited), 0) AS credited,
              COALESCE(SUM(conversions) FILTER (WHERE influenced), 0) AS touched
         FROM (SELECT r.currency, r.credited, r.influenced, r.conversions, r.amount FROM report_conversion_rollup r
                WHERE ${spansCondition(cover, totalParams)}
               UNION ALL
               SELECT c.currency, c.credited, c.influenced, 1, c.amount FROM report_conversions c WHERE ${rowsCondition(cover, totalParams)}) AS parts
        GROUP BY currency HAVING SUM(conversions) > 0 ORDER BY currency`,
      totalParams,
    );
    const sourced = new Map<string, Dec>();
    for (const row of rows) sourced.set(row.currency, (sourced.get(row.currency) ?? new Dec(0)).plus(row.revenue));
    return {
      from,
      to,
      groupBy,
      rows: rows.map((row) => ({
        key: row.key,
        currency: row.currency,
        revenue: formatAmount(new Dec(row.revenue), row.currency),
        conversions: Number(row.conversions),
      })),
      totals: totals.map((row) => {
        const total = new Dec(row.total);
        const partnerSourced = sourced.get(row.currency) ?? new Dec(0);
        const share = (part: Dec) => (total.isZero() ? null : part.dividedBy(total).toDecimalPlaces(4, Dec.ROUND_HALF_EVEN).toFixed(4));
        return {
          currency: row.currency,
          totalRevenue: formatAmount(total, row.currency),
          partnerSourcedRevenue: formatAmount(partnerSourced, row.currency),
          share: share(partnerSourced),
          partnerInfluencedRevenue: formatAmount(new Dec(row.influenced), row.currency),
          partnerInfluencedShare: share(new Dec(row.influenced)),
          conversions: Number(row.conversions),
          partnerSourcedConversions: Number(row.credited),
          partnerInfluencedConversions: Number(row.touched),
        };
      }),
    };
  }
}
