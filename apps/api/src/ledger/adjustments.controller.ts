import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@ledger/platform/auth';
import { RecordAdjustmentCommand, type AdjustmentResult } from '@ledger/ledger/application';
import { ListAdjustmentsQuery, type AdjustmentListItem } from '@ledger/ledger/read-model';
import { dtoParser, Idempotent, pageParams, ParseBody, textParam, type Page } from '@ledger/platform/http';
import { ApiErrors } from '../openapi/api-errors.decorator';
import { ApiListQuery } from '../openapi/list-query.decorator';
import { AdjustmentRequestDto } from './adjustment.dto';
import { AdjustmentPageBody, AdjustmentResultBody } from './adjustment.responses';

@ApiTags('ledger')
@ApiBearerAuth()
@Controller('v1/adjustments')
export class AdjustmentsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @Roles('finance')
  @Idempotent()
  @ApiOperation({
    summary: "A manual adjustment of a partner's balance, payable at once, with its reason and the acting key's identity",
    description: 'Roles: finance (admin). Takes an `Idempotency-Key` header.',
  })
  @ApiBody({ type: AdjustmentRequestDto })
  @ApiCreatedResponse({ type: AdjustmentResultBody })
  @ApiErrors(400, 403, 422)
  adjust(
    @Body(new ParseBody(dtoParser(AdjustmentRequestDto))) request: AdjustmentRequestDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<AdjustmentResult> {
    const { partnerId, amount, reason } = request;
    return this.commands.execute(
      new RecordAdjustmentCommand(partnerId, { amount: amount.amount, currency: amount.currency }, reason, {
        keyId: principal.keyId,
        role: principal.role,
      }),
    );
  }

  @Get()
  @Roles('finance')
  @ApiOperation({
    summary: 'Manual adjustments, newest first, with reason and actor',
    description: 'Roles: finance (admin). A list: `limit` (1 to 1000, default 50) and `cursor`.',
  })
  @ApiQuery({ name: 'partnerId', required: false })
  @ApiListQuery()
  @ApiOkResponse({ type: AdjustmentPageBody })
  @ApiErrors(400, 403)
  list(
    @Query('partnerId') partnerId?: unknown,
    @Query('limit') limit?: unknown,
    @Query('cursor') cursor?: unknown,
  ): Promise<Page<AdjustmentListItem>> {
    return this.queries.execute(new ListAdjustmentsQuery(textParam('partnerId', partnerId), pageParams(limit, cursor, 1)));
  }
}
