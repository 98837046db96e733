import { Controller, Get, Header, NotFoundException, Param, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '@ledger/platform/auth';
import {
  GetPartnerBalanceQuery,
  GetPartnerStatementQuery,
  GetPartnerTierQuery,
  statementToCsv,
  type PartnerBalanceView,
  type PartnerTierView,
  type StatementView,
} from '@ledger/ledger/read-model';
import { instantParam } from '@ledger/platform/http';
import { invalidRequest } from '@ledger/platform/http';

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

  @Get(':id/balance')
  @Roles('finance', 'analyst', 'partner')
  @ApiOperation({ summary: 'Balances per currency at a business time, as the ledger knew them at another' })
  @ApiQuery({ name: 'asOf', required: false, description: 'business time (ISO 8601; a plain date means its end); default now' })
  @ApiQuery({ name: 'knownAt', required: false, description: 'only what the ledger had recorded by then; default now' })
  @ApiOkResponse({
    description:
      '{"partnerId","asOf","knownAt","balances":[{"currency","pending","payable","paid","earned","clawedBack","adjustments","inTransit"}]}',
  })
  @ApiNotFoundResponse({ description: 'the partner is unknown' })
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
  @ApiOperation({ summary: "The partner's commission account line by line, with running balance and the cause of every line" })
  @ApiQuery({
    name: 'from',
    required: false,
    description: 'first business time (ISO 8601; a plain date means its start); default the beginning',
  })
  @ApiQuery({ name: 'to', required: false, description: 'last business time; default now' })
  @ApiQuery({ name: 'knownAt', required: false, description: 'only what the ledger had recorded by then; default now' })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv'] })
  @ApiOkResponse({
    description: '{"partnerId","from","to","knownAt","currencies":[{"currency","opening","closing"}],"lines":[...]} or CSV',
  })
  async statement(
    @Param('id') id: string,
    @Res({ passthrough: true }) response: Response,
    @Query('from') from?: string,
    @Query('to') to?: string,
    @Query('knownAt') knownAt?: string,
    @Query('format') format = 'json',
  ): Promise<StatementView | string> {
    if (format !== 'json' && format !== 'csv') throw invalidRequest([{ path: 'format', message: `must be json or csv, not "${format}"` }]);
    const now = new Date().toISOString();
    const query = new GetPartnerStatementQuery(
      id,
      instantParam('from', from, null, 'start'),
      instantParam('to', to, now),
      instantParam('knownAt', knownAt, now),
    );
    const view = await this.queries.execute(query);
    if (!view) throw unknownPartner(id);
    if (format === 'json') return view;
    response.setHeader('Content-Type', 'text/csv; charset=utf-8');
    response.setHeader('Content-Disposition', `attachment; filename="statement-${id.replace(/[^A-Za-z0-9._-]/g, '_')}.csv"`);
    return statementToCsv(view);
  }

  @Get(':id/tier')
  @Roles('finance', 'analyst', 'partner')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Tier in force, progress to the next tier and the history of changes with reasons' })
  @ApiOkResponse({ description: '{"partnerId","tier","since","progress":{...},"history":[...]}' })
  async tier(@Param('id') id: string): Promise<PartnerTierView> {
    const view = await this.queries.execute(new GetPartnerTierQuery(id));
    if (!view) throw unknownPartner(id);
    return view;
  }
}
