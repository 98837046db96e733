import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { READ_MODEL_DB } from '@ledger/platform/event-store';
import { addUtcMonths, DAY_MS, Dec, formatAmount, roundToMinorUnit } from '@ledger/kernel';
import { coverRange, maturityStage, medianDays, middleOf, rate, type Rate } from '@ledger/reporting/domain';
import type { SqlDatabase } from '@ledger/platform/sql';
import { rowsCondition, spansCondition } from './range-sql';

interface DealSize {
  conversions: number;
  revenue: string;
  average: string | null;
}

export interface ProgramKpisView {
  asOf: string;
  activationRate: Rate & { definition: string };
  retention: Rate & { definition: string };
  timeToFirstDeal: { medianDays: string | null; partners: number; definition: string };
  averageDealSize: Array<{ currency: string; partnerSourced: DealSize; direct: DealSize }>;
  maturity: {
    stage: string;
    activePartners: number;
    keyMetric: { name: string; value: unknown; definition: string };
  };
}

/** The program KPIs of SPEC §4 as of a business time, each with the counts behind it. */
export class GetProgramKpisQuery extends Query<ProgramKpisView> {
  constructor(readonly asOf: string) {
    super();
  }
}

const DEFINITIONS = {
  activationRate:
    'partners enrolled at least 90 days before asOf whose first lead (credited click, coupon redemption or deal registration) came within 90 days of enrollment',
  retention:
    'partners enrolled at least 12 months before asOf, still active then, with a lead or credited conversion in the 12 months before',
  timeToFirstDeal: 'median days from enrollment to the first sourced deal.closed_won, over partners that had one by asOf',
};

/**
 * The KPIs from one row per partner (report_partner_profiles, with its inactive periods and long
 * activity gaps) and the period rollups: O(partners + periods), never the conversions.
 */
@QueryHandler(GetProgramKpisQuery)
export class GetProgramKpisHandler implements IQueryHandler<GetProgramKpisQuery> {
  constructor(@Inject(READ_MODEL_DB) private readonly db: SqlDatabase) {}

  async execute({ asOf }: GetProgramKpisQuery): Promise<ProgramKpisView> {
    const at = Date.parse(asOf);
    const yearBefore = new Date(addUtcMonths(at, -12)).toISOString();
    const [counts] = await this.db.query<Record<'eligible' | 'activated' | 'veterans' | 'retained' | 'active', number | string>>(
      `SELECT COUNT(*) FILTER (WHERE p.enrolled_at <= $2) AS eligible,
              COUNT(*) FILTER (WHERE p.enrolled_at <= $2 AND p.first_lead_at <= p.enrolled_at + interval '2160 hours') AS activated,
              COUNT(*) FILTER (WHERE p.enrolled_at <= $3) AS veterans,
              COUNT(*) FILTER (WHERE p.enrolled_at <= $3 AND inactive.partner_id IS NULL AND p.first_activity_day <= $5::date
                                 AND CASE WHEN p.last_activity_day <= $5::date THEN p.last_activity_day > $4::date ELSE gap.partner_id IS NULL END)
                AS retained,
              COUNT(*) FILTER (WHERE p.enrolled_at <= $1 AND inactive.partner_id IS NULL) AS active
         FROM report_partner_profiles p
         LEFT JOIN (SELECT DISTINCT partner_id FROM report_partner_inactive_periods
                     WHERE tstzrange(from_at, until_at, '[)') @> $1::timestamptz) AS inactive ON inactive.partner_id = p.partner_id
         LEFT JOIN (SELECT DISTINCT partner_id FROM report_partner_activity_gaps
                     WHERE after_day <= $4::date AND before_day > $5::date) AS gap ON gap.partner_id = p.partner_id`,
      [asOf, new Date(at - 90 * DAY_MS).toISOString(), yearBefore, yearBefore.slice(0, 10), new Date(at).toISOString().slice(0, 10)],
    );
    const retention = rate(Number(counts.retained), Number(counts.veterans));
    const active = Number(counts.active);
    const stage = maturityStage(active);
    return {
      asOf,
      activationRate: { ...rate(Number(counts.activated), Number(counts.eligible)), definition: DEFINITIONS.activationRate },
      retention: { ...retention, definition: DEFINITIONS.retention },
      timeToFirstDeal: { ...(await this.timeToFirstDeal(asOf)), definition: DEFINITIONS.timeToFirstDeal },
      averageDealSize: await this.dealSizes(asOf),
      maturity: { stage: stage.stage, activePartners: active, keyMetric: await this.keyMetric(stage.keyMetric, asOf, retention) },
    };
  }

  /** The median by an ordered walk of the per-partner durations: the middle one or two rows, exact in milliseconds. */
  private async timeToFirstDeal(asOf: string): Promise<{ medianDays: string | null; partners: number }> {
    const qualifies = 'first_deal_after_ms IS NOT NULL AND enrolled_at <= $1 AND first_sourced_at <= $1';
    const [{ partners }] = await this.db.query<{ partners: number | string }>(
      `SELECT COUNT(*) AS partners FROM report_partner_profiles WHERE ${qualifies}`,
      [asOf],
    );
    const { offset, limit } = middleOf(Number(partners));
    const middle =
      limit === 0
        ? []
        : await this.db.query<{ ms: number | string }>(
            `SELECT first_deal_after_ms AS ms FROM report_partner_profiles WHERE ${qualifies} ORDER BY first_deal_after_ms OFFSET $2 LIMIT $3`,
            [asOf, offset, limit],
          );
    return { medianDays: medianDays(middle.map((row) => String(row.ms))), partners: Number(partners) };
  }

  /** Conversions by asOf: the period rollups up to its day, the rows of that day. */
  private async conversionsBy(asOf: string, where: string, select: string, groupBy: string) {
    const cover = coverRange(null, asOf);
    const params: unknown[] = [];
    return this.db.query<Record<string, string | number | boolean>>(
      `SELECT ${select}
         FROM (SELECT r.currency, r.conversion_type, r.credited, r.influenced, r.conversions, r.amount FROM report_conversion_rollup r
                WHERE ${spansCondition(cover, params)}
               UNION ALL
               SELECT c.currency, c.conversion_type, c.credited, c.influenced, 1, c.amount FROM report_conversions c
                WHERE ${rowsCondition(cover, params)}) AS parts
        WHERE ${where} GROUP BY ${groupBy} HAVING SUM(conversions) > 0 ORDER BY currency`,
      params,
    );
  }

  private async dealSizes(asOf: string): Promise<ProgramKpisView['averageDealSize']> {
    const rows = (await this.conversionsBy(
      asOf,
      "conversion_type = 'deal.closed_won'",
      'currency, credited, SUM(conversions) AS conversions, SUM(amount)::text AS revenue',
      'currency, credited',
    )) as Array<{ currency: string; credited: boolean; conversions: number | string; revenue: string }>;
    const byCurrency = new Map<string, { partnerSourced: DealSize; direct: DealSize }>();
    for (const row of rows) {
      const empty = (): DealSize => ({ conversions: 0, revenue: formatAmount(new Dec(0), row.currency), average: null });
      const entry = byCurrency.get(row.currency) ?? { partnerSourced: empty(), direct: empty() };
      const count = Number(row.conversions);
      const size: DealSize = {
        conversions: count,
        revenue: formatAmount(new Dec(row.revenue), row.currency),
        average: formatAmount(roundToMinorUnit(new Dec(row.revenue).dividedBy(count), row.currency), row.currency),
      };
      if (row.credited) entry.partnerSourced = size;
      else entry.direct = size;
      byCurrency.set(row.currency, entry);
    }
    return [...byCurrency].map(([currency, sizes]) => ({ currency, ...sizes }));
  }

  private async keyMetric(name: string, asOf: string, retention: Rate): Promise<ProgramKpisView['maturity']['keyMetric']> {
    if (name === 'firstPartnerSourcedCustomers') {
      const cover = coverRange(null, asOf);
      const params: unknown[] = [];
      const [row] = await this.db.query<{ customers: number | string }>(
        `SELECT (SELECT COALESCE(SUM(r.customers), 0) FROM report_customer_rollup r WHERE ${spansCondition(cover, params)})
              + (SELECT COUNT(*) FROM report_customer_first_credits c WHERE ${rowsCondition(cover, params, 'first_at')}) AS customers`,
        params,
      );
      return { name, value: Number(row.customers), definition: 'distinct customers with a partner-sourced conversion by asOf' };
    }
    if (name === 'partnerRetention') return { name, value: retention, definition: 'the retention KPI above' };
    const influenced = name === 'partnerInfluenceOnPipeline';
    const rows = (await this.conversionsBy(
      asOf,
      'true',
      `currency, SUM(amount)::text AS total, COALESCE(SUM(amount) FILTER (WHERE ${influenced ? 'influenced' : 'credited'}), 0)::text AS part`,
      'currency',
    )) as Array<{ currency: string; total: string; part: string }>;
    const value = rows.map((row) => ({
      currency: row.currency,
      share: new Dec(row.part).dividedBy(row.total).toDecimalPlaces(4, Dec.ROUND_HALF_EVEN).toFixed(4),
    }));
    return influenced
      ? { name, value, definition: 'share of revenue per currency from conversions any partner touched (credited or not), by asOf' }
      : { name, value, definition: 'share of revenue per currency credited to partners, by asOf' };
  }
}
