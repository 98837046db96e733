import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { READ_MODEL_DB } from '@ledger/platform/event-store';
import { Dec, formatAmount, roundToMinorUnit } from '@ledger/kernel';
import {
  activationRate,
  activePartners,
  maturityStage,
  retentionRate,
  timeToFirstDeal,
  type PartnerProfile,
  type Rate,
} from '@ledger/reporting/domain';
import type { SqlDatabase } from '@ledger/platform/sql';

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

@QueryHandler(GetProgramKpisQuery)
export class GetProgramKpisHandler implements IQueryHandler<GetProgramKpisQuery> {
  constructor(@Inject(READ_MODEL_DB) private readonly db: SqlDatabase) {}

  async execute({ asOf }: GetProgramKpisQuery): Promise<ProgramKpisView> {
    const profiles = (await this.db.query<{ value: string }>("SELECT value FROM report_state WHERE kind = 'partner'")).map(
      (row) => JSON.parse(row.value) as PartnerProfile,
    );
    const retention = retentionRate(profiles, asOf);
    const active = activePartners(profiles, asOf);
    const stage = maturityStage(active);
    return {
      asOf,
      activationRate: {
        ...activationRate(profiles, asOf),
        definition:
          'partners enrolled at least 90 days before asOf whose first lead (credited click, coupon redemption or deal registration) came within 90 days of enrollment',
      },
      retention: {
        ...retention,
        definition:
          'partners enrolled at least 12 months before asOf, still active then, with a lead or credited conversion in the 12 months before',
      },
      timeToFirstDeal: {
        ...timeToFirstDeal(profiles, asOf),
        definition: 'median days from enrollment to the first sourced deal.closed_won, over partners that had one by asOf',
      },
      averageDealSize: await this.dealSizes(asOf),
      maturity: { stage: stage.stage, activePartners: active, keyMetric: await this.keyMetric(stage.keyMetric, asOf, retention) },
    };
  }

  private async dealSizes(asOf: string): Promise<ProgramKpisView['averageDealSize']> {
    const rows = await this.db.query<{ currency: string; credited: boolean; conversions: number | string; revenue: string }>(
      `SELECT currency, credited, COUNT(*) AS conversions, SUM(amount)::text AS revenue FROM report_conversions
        WHERE conversion_type = 'deal.closed_won' AND occurred_at <= $1 GROUP BY currency, credited ORDER BY currency`,
      [asOf],
    );
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
      const [row] = await this.db.query<{ customers: number | string }>(
        'SELECT COUNT(DISTINCT customer_id) AS customers FROM report_conversions WHERE credited AND occurred_at <= $1',
        [asOf],
      );
      return { name, value: Number(row.customers), definition: 'distinct customers with a partner-sourced conversion by asOf' };
    }
    if (name === 'partnerRetention') return { name, value: retention, definition: 'the retention KPI above' };
    const influenced = name === 'partnerInfluenceOnPipeline';
    const rows = await this.db.query<{ currency: string; total: string; part: string }>(
      `SELECT currency, SUM(amount)::text AS total, COALESCE(SUM(amount) FILTER (WHERE ${influenced ? 'influenced' : 'credited'}), 0)::text AS part
         FROM report_conversions WHERE occurred_at <= $1 GROUP BY currency ORDER BY currency`,
      [asOf],
    );
    const value = rows.map((row) => ({
      currency: row.currency,
      share: new Dec(row.part).dividedBy(row.total).toDecimalPlaces(4, Dec.ROUND_HALF_EVEN).toFixed(4),
    }));
    return influenced
      ? { name, value, definition: 'share of revenue per currency from conversions any partner touched (credited or not), by asOf' }
      : { name, value, definition: 'share of revenue per currency credited to partners, by asOf' };
  }
}
