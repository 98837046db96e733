import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Roles } from '@ledger/platform/auth';
import {
  GetPartnerSourcedRevenueQuery,
  GetProgramKpisQuery,
  REVENUE_GROUPINGS,
  type PartnerSourcedRevenueView,
  type ProgramKpisView,
  type RevenueGrouping,
} from '@ledger/reporting/read-model';
import { GetCommissionsByMonthQuery, MAX_COMMISSION_MONTHS, type CommissionsByMonthView } from '@ledger/ledger/read-model';
import { instantParam } from '@ledger/platform/http';
import { invalidRequest } from '@ledger/platform/http';
import { objectSchema } from '../openapi/object-schema';
import { ApiErrors } from '../openapi/api-errors.decorator';

@ApiTags('reports')
@ApiBearerAuth()
@Controller('v1/reports')
export class ReportsController {
  constructor(private readonly queries: QueryBus) {}

  @Get('partner-sourced-revenue')
  @Roles('finance', 'analyst')
  @ApiOperation({
    summary:
      'Partner-sourced revenue (gross of refunds) by partner, partner type or month, with totals, share and partner-influenced revenue per currency',
    description: 'Roles: finance, analyst (admin).',
  })
  @ApiErrors(400, 403)
  @ApiQuery({ name: 'from', required: false, description: 'first business time (a plain date means its start); default the beginning' })
  @ApiQuery({ name: 'to', required: false, description: 'last business time (a plain date means its end); default now' })
  @ApiQuery({ name: 'groupBy', required: false, enum: REVENUE_GROUPINGS })
  @ApiOkResponse({
    description:
      '{"rows":[{"key","currency","revenue","conversions"}],"totals":[{"currency","totalRevenue","partnerSourcedRevenue","share","partnerInfluencedRevenue",...}]}',
    schema: objectSchema({
      rows: { type: 'array', items: objectSchema({ key: 'string', currency: 'string', revenue: 'string', conversions: 'number' }) },
      totals: {
        type: 'array',
        items: objectSchema({ currency: 'string', totalRevenue: 'string', partnerSourcedRevenue: 'string', share: 'string' }),
      },
    }),
  })
  partnerSourcedRevenue(
    @Query('from') from?: string,
    @Query('to') to?: string,
    @Query('groupBy') groupBy = 'partner',
  ): Promise<PartnerSourcedRevenueView> {
    if (!REVENUE_GROUPINGS.includes(groupBy as RevenueGrouping)) {
      throw invalidRequest([{ path: 'groupBy', message: `must be one of ${REVENUE_GROUPINGS.join(', ')}, not "${groupBy}"` }]);
    }
    const now = new Date().toISOString();
    return this.queries.execute(
      new GetPartnerSourcedRevenueQuery(groupBy as RevenueGrouping, instantParam('from', from, null, 'start'), instantParam('to', to, now)),
    );
  }

  @Get('kpis')
  @Roles('finance', 'analyst')
  @ApiOperation({
    summary: 'Activation rate, retention, time to first deal, average deal size partner vs direct, and the program maturity stage',
    description: 'Roles: finance, analyst (admin).',
  })
  @ApiErrors(400, 403)
  @ApiQuery({ name: 'asOf', required: false, description: 'business time (a plain date means its end); default now' })
  @ApiOkResponse({
    description:
      '{"asOf","activationRate":{"rate","numerator","denominator"},"retention":{...},"timeToFirstDeal":{...},"averageDealSize":[...],"maturity":{...}}',
    schema: objectSchema({
      asOf: 'string',
      activationRate: { type: 'object' },
      retention: { type: 'object' },
      timeToFirstDeal: { type: 'object' },
      averageDealSize: 'array',
    }),
  })
  kpis(@Query('asOf') asOf?: string): Promise<ProgramKpisView> {
    return this.queries.execute(new GetProgramKpisQuery(instantParam('asOf', asOf, new Date().toISOString())));
  }

  @Get('commissions')
  @Roles('finance', 'analyst')
  @ApiOperation({
    summary:
      'Commissions pending, payable, held and paid by month: the sum over partners of their balances at each UTC month end, per currency (never summed across currencies)',
    description: 'Roles: finance, analyst (admin).',
  })
  @ApiErrors(400, 403)
  @ApiQuery({ name: 'from', required: false, description: "first month (YYYY-MM, UTC); default the month of the ledger's first line" })
  @ApiQuery({
    name: 'to',
    required: false,
    description: `last month (YYYY-MM, UTC); default the current month; at most ${MAX_COMMISSION_MONTHS} months in all`,
  })
  @ApiOkResponse({
    description: '{"months":[{"month","asOf","currency","pending","payable","held","paid","earned","clawedBack"}]}',
    schema: objectSchema({
      months: {
        type: 'array',
        items: objectSchema({
          month: 'string',
          asOf: 'string',
          currency: 'string',
          pending: 'string',
          payable: 'string',
          held: 'string',
          paid: 'string',
          earned: 'string',
          clawedBack: 'string',
        }),
      },
    }),
  })
  commissions(@Query('from') from?: string, @Query('to') to?: string): Promise<CommissionsByMonthView> {
    const now = new Date().toISOString();
    const last = monthParam('to', to) ?? now.slice(0, 7);
    const first = monthParam('from', from);
    if (first !== null) {
      if (first > last) throw invalidRequest([{ path: 'from', message: `must not be after ${last}` }]);
      if (monthNumber(last) - monthNumber(first) >= MAX_COMMISSION_MONTHS) {
        throw invalidRequest([{ path: 'from', message: `at most ${MAX_COMMISSION_MONTHS} months from "from" to "to"` }]);
      }
    }
    return this.queries.execute(new GetCommissionsByMonthQuery(first, last, now));
  }
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** A month parameter (YYYY-MM), null when absent. */
function monthParam(name: string, value: unknown): string | null {
  if (value === undefined || value === '') return null;
  if (typeof value !== 'string' || !MONTH.test(value)) throw invalidRequest([{ path: name, message: 'must be a month as YYYY-MM' }]);
  return value;
}

const monthNumber = (month: string): number => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7));
