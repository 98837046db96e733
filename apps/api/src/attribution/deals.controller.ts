import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RegisterDealCommand } from '@ledger/attribution/application';
import { ListPartnerDealsQuery, type DealView } from '@ledger/attribution/read-model';
import { Roles } from '@ledger/platform/auth';
import { dtoParser, Idempotent, pageParams, ParseBody, type Page } from '@ledger/platform/http';
import { ApiErrors } from '../openapi/api-errors.decorator';
import { ApiListQuery } from '../openapi/list-query.decorator';
import { DealRegistrationDto } from './deal-registration.dto';
import { DealBody, DealPageBody } from './deal.responses';

@ApiTags('partners')
@ApiBearerAuth()
@Controller('v1/partners/:id/deals')
export class DealsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @Roles('finance', 'analyst', 'partner')
  @ApiOperation({
    summary: "The partner's deal registrations with their status",
    description:
      'Roles: finance, analyst, partner (its own id only) (admin). Status now: pending, approved, rejected, expired, won (a deal.closed_won it won), ' +
      'lost (deal.closed_lost). A list: `limit` (1 to 1000, default 50) and `cursor`.',
  })
  @ApiListQuery()
  @ApiOkResponse({ type: DealPageBody })
  @ApiErrors(400, 403)
  list(@Param('id') id: string, @Query('limit') limit?: unknown, @Query('cursor') cursor?: unknown): Promise<Page<DealView>> {
    return this.queries.execute(new ListPartnerDealsQuery(id, new Date().toISOString(), pageParams(limit, cursor, 2)));
  }

  @Post()
  @Roles('finance', 'partner')
  @Idempotent()
  @ApiOperation({
    summary: 'Register a deal for the partner',
    description:
      'Roles: partner (its own id only), finance (admin). Takes an `Idempotency-Key` header. Stored as `deal.registered` with source ' +
      '`partner-portal` (id: the dealId) after the same validation as POST /v1/events; answered with the status attribution gives it: ' +
      '`pending`, or `rejected` with the reason at once (the domain is held by another registration, reserved, or the partner is not active). ' +
      'The same dealId again for the same partner and domain answers its current status; for another, 409.',
  })
  @ApiBody({ type: DealRegistrationDto })
  @ApiCreatedResponse({ type: DealBody })
  @ApiErrors(400, 403, 409, 422)
  register(@Param('id') id: string, @Body(new ParseBody(dtoParser(DealRegistrationDto))) request: DealRegistrationDto): Promise<DealView> {
    return this.commands.execute(new RegisterDealCommand(id, request.dealId, request.accountDomain, request.estimatedValue));
  }
}
