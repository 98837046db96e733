import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, PartnerOwnRows, Roles, type Principal } from '@ledger/platform/auth';
import { OpenDisputeCommand, ResolveDisputeCommand, type DisputeOpenedResult } from '@ledger/risk/application';
import { DISPUTE_STATUSES, ListDisputesQuery, type DisputeView } from '@ledger/risk/read-model';
import { dtoParser, Idempotent, oneOfParam, pageParams, ParseBody, textParam, type Page } from '@ledger/platform/http';
import { ApiErrors } from '../openapi/api-errors.decorator';
import { ApiListQuery } from '../openapi/list-query.decorator';
import { DisputeRequestDto, DisputeResolutionDto } from './risk-requests.dto';
import { DisputeBody, DisputePageBody } from './risk.responses';

const actorOf = (principal: Principal) => ({ keyId: principal.keyId, role: principal.role });

@ApiTags('risk')
@ApiBearerAuth()
@Controller('v1')
export class DisputesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('partners/:id/disputes')
  @Roles('finance', 'partner')
  @Idempotent()
  @ApiOperation({
    summary: 'Open a dispute about a conversion or a statement line',
    description:
      'Roles: partner (its own id only), finance (admin). Takes an `Idempotency-Key` header. `{"conversionId"?, "lineId"?, "message"}`: ' +
      'what it names must be on the partner’s statement. Recorded as `dispute.opened`.',
  })
  @ApiBody({ type: DisputeRequestDto })
  @ApiCreatedResponse({ type: DisputeBody })
  @ApiErrors(400, 403, 422)
  async open(
    @Param('id') id: string,
    @Body(new ParseBody(dtoParser(DisputeRequestDto))) request: DisputeRequestDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<DisputeView> {
    const subject = {
      ...(request.conversionId !== undefined ? { conversionId: request.conversionId } : {}),
      ...(request.lineId !== undefined ? { lineId: request.lineId } : {}),
    };
    const opened: DisputeOpenedResult = await this.commands.execute(
      new OpenDisputeCommand(id, subject, request.message, actorOf(principal)),
    );
    return {
      disputeId: opened.disputeId,
      partnerId: opened.partnerId,
      conversionId: opened.conversionId ?? null,
      lineId: opened.lineId ?? null,
      message: opened.message,
      status: 'open',
      openedAt: opened.openedAt,
      openedBy: opened.openedBy,
      resolution: null,
    };
  }

  @Get('disputes')
  @Roles('finance', 'partner')
  @PartnerOwnRows()
  @ApiOperation({
    summary: 'Disputes, newest first',
    description:
      'Roles: finance, partner (its own disputes only, whatever `partnerId` it sends) (admin). `status`: open, upheld or rejected. ' +
      'A list: `limit` (1 to 1000, default 50) and `cursor`.',
  })
  @ApiQuery({ name: 'status', required: false, enum: DISPUTE_STATUSES })
  @ApiQuery({ name: 'partnerId', required: false })
  @ApiListQuery()
  @ApiOkResponse({ type: DisputePageBody })
  @ApiErrors(400, 403)
  list(
    @CurrentPrincipal() principal: Principal,
    @Query('status') status?: unknown,
    @Query('partnerId') partnerId?: unknown,
    @Query('limit') limit?: unknown,
    @Query('cursor') cursor?: unknown,
  ): Promise<Page<DisputeView>> {
    return this.queries.execute(
      new ListDisputesQuery(
        {
          status: oneOfParam('status', status, DISPUTE_STATUSES),
          partnerId: principal.role === 'partner' ? principal.partnerId : textParam('partnerId', partnerId),
        },
        pageParams(limit, cursor, 1),
      ),
    );
  }

  @Post('disputes/:disputeId/resolution')
  @Roles('finance')
  @Idempotent()
  @ApiOperation({
    summary: 'Resolve a dispute: upheld (optionally with an adjustment naming it) or rejected',
    description:
      'Roles: finance (admin). Takes an `Idempotency-Key` header. `{"outcome": "upheld"|"rejected", "reason", "adjustment"?: money}`; ' +
      'recorded as `dispute.resolved`, and the ledger books the adjustment of an upheld one. One resolution per dispute: another answers 409.',
  })
  @ApiBody({ type: DisputeResolutionDto })
  @ApiCreatedResponse({ type: DisputeBody })
  @ApiErrors(400, 403, 404, 409, 422)
  async resolve(
    @Param('disputeId') disputeId: string,
    @Body(new ParseBody(dtoParser(DisputeResolutionDto))) request: DisputeResolutionDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<DisputeView> {
    return this.commands.execute(
      new ResolveDisputeCommand(disputeId, request.outcome, request.reason, request.adjustment, actorOf(principal)),
    );
  }
}
