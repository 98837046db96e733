import { Controller, Get, Header, NotFoundException, Param, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '@ledger/platform/auth';
import { PARTNER_STATUSES, PARTNER_TYPES, TIERS } from '@ledger/contracts';
import {
  GetPartnerBalanceQuery,
  GetPartnerProfileQuery,
  GetPartnerStatementQuery,
  GetPartnerTierQuery,
  ListPartnersQuery,
  statementPage,
  statementToCsv,
  type PartnerBalanceView,
  type PartnerListItem,
  type PartnerProfileView,
  type PartnerTierView,
  type StatementView,
} from '@ledger/ledger/read-model';
import { instantParam, invalidRequest, oneOfParam, pageParams, textParam, type Page } from '@ledger/platform/http';
import { ApiErrors } from '../openapi/api-errors.decorator';
import { ApiListQuery } from '../openapi/list-query.decorator';
import { PartnerBalanceBody, PartnerPageBody, PartnerProfileBody, StatementBody } from './partner.responses';

function unknownPartner(id: string): NotFoundException {
  return new NotFoundException(
    `partner "${id}" is unknown to the ledger (projections are eventually consistent; see /health for their lag)`,
  );
}

@ApiTags('partners')
@ApiBearerAuth()
@Controller('v1/partners')
export class PartnersController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @Roles('finance', 'analyst')
  @ApiOperation({
    summary: "The program's partners, by partnerId, with search and filters",
    description: 'Roles: finance, analyst (admin). A list: `limit` (1 to 1000, default 50) and `cursor`.',
  })
  @ApiQuery({ name: 'search', required: false, description: 'case-insensitive substring of the partnerId or the name' })
  @ApiQuery({ name: 'type', required: false, enum: PARTNER_TYPES })
  @ApiQuery({ name: 'tier', required: false, enum: TIERS })
  @ApiQuery({ name: 'status', required: false, enum: PARTNER_STATUSES })
  @ApiListQuery()
  @ApiOkResponse({ type: PartnerPageBody })
  @ApiErrors(400, 403)
  list(
    @Query('search') search?: unknown,
    @Query('type') type?: unknown,
    @Query('tier') tier?: unknown,
    @Query('status') status?: unknown,
    @Query('limit') limit?: unknown,
    @Query('cursor') cursor?: unknown,
  ): Promise<Page<PartnerListItem>> {
    const filter = {
      search: textParam('search', search),
      type: oneOfParam('type', type, PARTNER_TYPES),
      tier: oneOfParam('tier', tier, TIERS),
      status: oneOfParam('status', status, PARTNER_STATUSES),
    };
    return this.queries.execute(new ListPartnersQuery(filter, pageParams(limit, cursor, 1)));
  }

  @Get(':id')
  @Roles('finance', 'analyst', 'partner')
  @ApiOperation({
    summary: "A partner's profile and its balances per currency now",
    description: 'Roles: finance, analyst, partner (its own id only) (admin).',
  })
  @ApiOkResponse({ type: PartnerProfileBody })
  @ApiErrors(403, 404)
  async profile(@Param('id') id: string): Promise<PartnerProfileView> {
    const view = await this.queries.execute(new GetPartnerProfileQuery(id, new Date().toISOString()));
    if (!view) throw unknownPartner(id);
    return view;
  }

  @Get(':id/balance')
  @Roles('finance', 'analyst', 'partner')
  @ApiOperation({
    summary: 'Balances per currency at a business time, as the ledger knew them at another',
    description: 'Roles: finance, analyst, partner (its own id only) (admin).',
  })
  @ApiQuery({ name: 'asOf', required: false, description: 'business time (ISO 8601; a plain date means its end); default now' })
  @ApiQuery({ name: 'knownAt', required: false, description: 'only what the ledger had recorded by then; default now' })
  @ApiOkResponse({ type: PartnerBalanceBody })
  @ApiErrors(400, 403, 404)
  async balance(@Param('id') id: string, @Query('asOf') asOf?: string, @Query('knownAt') knownAt?: string): Promise<PartnerBalanceView> {
    const now = new Date().toISOString();
    const view = await this.queries.execute(
      new GetPartnerBalanceQuery(id, instantParam('asOf', asOf, now), instantParam('knownAt', knownAt, now)),
    );
    if (!view) throw unknownPartner(id);
    return view;
  }

  @Get(':id/statement')
  @Roles('finance', 'partner')
  @ApiOperation({
    summary: "The partner's commission account line by line, with running balance and the cause of every line",
    description:
      'Roles: finance, partner (its own id only) (admin). Whole by default; paged in date order when `limit` or `cursor` is given ' +
      "(the same lines as unpaged; the running balance goes on across pages; the cursor keeps the first page's `to` and `knownAt`).",
  })
  @ApiQuery({
    name: 'from',
    required: false,
    description: 'first business time (ISO 8601; a plain date means its start); default the beginning',
  })
  @ApiQuery({ name: 'to', required: false, description: 'last business time; default now' })
  @ApiQuery({ name: 'knownAt', required: false, description: 'only what the ledger had recorded by then; default now' })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv'] })
  @ApiListQuery()
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: StatementBody, description: 'JSON, or CSV with format=csv (whole statement or one page)' })
  @ApiErrors(400, 403, 404)
  async statement(
    @Param('id') id: string,
    @Res({ passthrough: true }) response: Response,
    @Query('from') from?: string,
    @Query('to') to?: string,
    @Query('knownAt') knownAt?: string,
    @Query('format') format = 'json',
    @Query('limit') limit?: unknown,
    @Query('cursor') cursor?: unknown,
  ): Promise<StatementView | string> {
    if (format !== 'json' && format !== 'csv') throw invalidRequest([{ path: 'format', message: `must be json or csv, not "${format}"` }]);
    const now = new Date().toISOString();
    const query = new GetPartnerStatementQuery(
      id,
      instantParam('from', from, null, 'start'),
      instantParam('to', to, now),
      instantParam('knownAt', knownAt, now),
      statementPage(limit, cursor),
    );
    const view = await this.queries.execute(query);
    if (!view) throw unknownPartner(id);
    if (format === 'json') return view;
    if (view.nextCursor) response.setHeader('X-Next-Cursor', view.nextCursor);
    response.setHeader('Content-Type', 'text/csv; charset=utf-8');
    response.setHeader('Content-Disposition', `attachment; filename="statement-${id.replace(/[^A-Za-z0-9._-]/g, '_')}.csv"`);
    return statementToCsv(view);
  }

  @Get(':id/tier')
  @Roles('finance', 'analyst', 'partner')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Tier in force, progress to the next tier and the history of changes with reasons',
    description: 'Roles: finance, analyst, partner (its own id only) (admin).',
  })
  @ApiOkResponse({
    description: '{"partnerId","tier","since","programVersion","progress":{...},"history":[...],"withdrawn":[...]}',
    schema: { type: 'object', additionalProperties: true, required: ['partnerId', 'tier', 'since', 'progress', 'history'] },
  })
  @ApiErrors(403, 404)
  async tier(@Param('id') id: string): Promise<PartnerTierView> {
    const view = await this.queries.execute(new GetPartnerTierQuery(id));
    if (!view) throw unknownPartner(id);
    return view;
  }
}
