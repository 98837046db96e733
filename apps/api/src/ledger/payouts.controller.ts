import { Body, Controller, Get, HttpCode, NotFoundException, Param, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@ledger/platform/auth';
import { toInstant } from '@ledger/kernel';
import { SchedulePayoutRunCommand, type PayoutRunResult } from '@ledger/ledger/application';
import {
  GetPayoutRunQuery,
  ListPayoutRunsQuery,
  PreviewPayoutRunQuery,
  type PayoutRunPreview,
  type PayoutRunSummary,
  type PayoutRunView,
} from '@ledger/ledger/read-model';
import { dtoParser, Idempotent, invalidRequest, pageParams, ParseBody, type Page } from '@ledger/platform/http';
import { ApiErrors } from '../openapi/api-errors.decorator';
import { ApiListQuery } from '../openapi/list-query.decorator';
import { PayoutRunRequestDto } from './payout-run.dto';
import { PayoutRunBody, PayoutRunPageBody, PayoutRunPreviewBody, PayoutRunResultBody } from './payout-run.responses';

/** The run's business time: `asOf` (a plain date means its end) or now; never in the future. */
function runAsOf(request: PayoutRunRequestDto): string {
  const now = new Date().toISOString();
  const asOf = request.asOf ? toInstant(request.asOf, { plainDate: 'end' }) : now;
  if (asOf > now) throw invalidRequest([{ path: 'asOf', message: `must not be in the future (now is ${now})` }]);
  return asOf;
}

@ApiTags('ledger')
@ApiBearerAuth()
@Controller('v1/payout-runs')
export class PayoutsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @Roles('finance')
  @Idempotent()
  @ApiOperation({
    summary: 'Pay every partner whose payable balance in a currency is at least its minimum',
    description:
      'Roles: finance (admin). Takes an `Idempotency-Key` header. Waits until the ledger has caught up with the store, then records the run; ' +
      'the payment provider later answers with payout.paid or payout.failed.',
  })
  @ApiBody({ type: PayoutRunRequestDto })
  @ApiCreatedResponse({ type: PayoutRunResultBody })
  @ApiErrors(400, 403, 409, 422)
  run(
    @Body(new ParseBody(dtoParser(PayoutRunRequestDto))) request: PayoutRunRequestDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<PayoutRunResult> {
    return this.commands.execute(
      new SchedulePayoutRunCommand(runAsOf(request), request.minimum, { keyId: principal.keyId, role: principal.role }),
    );
  }

  @Post('preview')
  @HttpCode(200)
  @Roles('finance')
  @ApiOperation({
    summary: 'What a payout run with this body would pay now, and who falls below the minimum; records nothing',
    description: 'Roles: finance (admin). The same body and the same selection rule as POST /v1/payout-runs.',
  })
  @ApiBody({ type: PayoutRunRequestDto })
  @ApiOkResponse({ type: PayoutRunPreviewBody })
  @ApiErrors(400, 403)
  preview(@Body(new ParseBody(dtoParser(PayoutRunRequestDto))) request: PayoutRunRequestDto): Promise<PayoutRunPreview> {
    return this.queries.execute(new PreviewPayoutRunQuery(runAsOf(request), request.minimum));
  }

  @Get()
  @Roles('finance')
  @ApiOperation({
    summary: 'Past payout runs, newest first, with their totals per currency and status',
    description: 'Roles: finance (admin). A list: `limit` (1 to 1000, default 50) and `cursor`.',
  })
  @ApiListQuery()
  @ApiOkResponse({ type: PayoutRunPageBody })
  @ApiErrors(400, 403)
  list(@Query('limit') limit?: unknown, @Query('cursor') cursor?: unknown): Promise<Page<PayoutRunSummary>> {
    return this.queries.execute(new ListPayoutRunsQuery(pageParams(limit, cursor, 1)));
  }

  @Get(':id')
  @Roles('finance')
  @ApiOperation({
    summary: 'One payout run and its payouts with status scheduled, paid or failed',
    description: 'Roles: finance (admin). The payouts are paged by payoutId: `limit` (1 to 1000, default 50) and `cursor`.',
  })
  @ApiListQuery()
  @ApiOkResponse({ type: PayoutRunBody })
  @ApiErrors(400, 403, 404)
  async get(@Param('id') id: string, @Query('limit') limit?: unknown, @Query('cursor') cursor?: unknown): Promise<PayoutRunView> {
    const view = await this.queries.execute(new GetPayoutRunQuery(id, pageParams(limit, cursor, 1)));
    if (!view)
      throw new NotFoundException(`payout run "${id}" is unknown (projections are eventually consistent; see /health for their lag)`);
    return view;
  }
}
