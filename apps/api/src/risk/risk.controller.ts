import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, PartnerOwnRows, Roles, type Principal } from '@ledger/platform/auth';
import {
  AdoptRiskPolicyCommand,
  DecideFlagCommand,
  type FlagDecisionResult,
  type RiskPolicyAdoptionResult,
} from '@ledger/risk/application';
import { DEFAULT_RISK_POLICY, parseRiskPolicyRequest, type RiskPolicyRequest } from '@ledger/risk/domain';
import {
  FLAG_STATUSES,
  ListRiskFlagsQuery,
  ListRiskPoliciesQuery,
  type RiskFlagView,
  type RiskPolicyAdoptionView,
} from '@ledger/risk/read-model';
import { dtoParser, Idempotent, oneOfParam, pageParams, ParseBody, textParam, type Page } from '@ledger/platform/http';
import { ApiErrors } from '../openapi/api-errors.decorator';
import { ApiListQuery } from '../openapi/list-query.decorator';
import { FlagDecisionDto } from './risk-requests.dto';
import { FlagDecisionResultBody, RiskFlagPageBody, RiskPoliciesBody, RiskPolicyAdoptionBody } from './risk.responses';

const actorOf = (principal: Principal) => ({ keyId: principal.keyId, role: principal.role });

@ApiTags('risk')
@ApiBearerAuth()
@Controller('v1/risk')
export class RiskController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get('flags')
  @Roles('finance', 'partner')
  @PartnerOwnRows()
  @ApiOperation({
    summary: 'Risk flags: held commissions with the signal and the figures behind it, newest first',
    description:
      'Roles: finance, partner (its own flags only, whatever `partnerId` it sends) (admin). `status`: open, released or rejected. ' +
      'A list: `limit` (1 to 1000, default 50) and `cursor`.',
  })
  @ApiQuery({ name: 'status', required: false, enum: FLAG_STATUSES })
  @ApiQuery({ name: 'partnerId', required: false })
  @ApiListQuery()
  @ApiOkResponse({ type: RiskFlagPageBody })
  @ApiErrors(400, 403)
  flags(
    @CurrentPrincipal() principal: Principal,
    @Query('status') status?: unknown,
    @Query('partnerId') partnerId?: unknown,
    @Query('limit') limit?: unknown,
    @Query('cursor') cursor?: unknown,
  ): Promise<Page<RiskFlagView>> {
    return this.queries.execute(
      new ListRiskFlagsQuery(
        {
          status: oneOfParam('status', status, FLAG_STATUSES),
          partnerId: principal.role === 'partner' ? principal.partnerId : textParam('partnerId', partnerId),
        },
        pageParams(limit, cursor, 1),
      ),
    );
  }

  @Post('flags/:flagId/decision')
  @Roles('finance')
  @Idempotent()
  @ApiOperation({
    summary: 'Release a held commission or reject it',
    description:
      'Roles: finance (admin). Takes an `Idempotency-Key` header. Recorded as `risk.flag_decided`. A release makes the commission payable ' +
      'from the later of its payable date and the release; a rejection books a reversing line. One decision per flag: another answers 409.',
  })
  @ApiBody({ type: FlagDecisionDto })
  @ApiCreatedResponse({ type: FlagDecisionResultBody })
  @ApiErrors(400, 403, 404, 409, 422)
  decide(
    @Param('flagId') flagId: string,
    @Body(new ParseBody(dtoParser(FlagDecisionDto))) request: FlagDecisionDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<FlagDecisionResult> {
    return this.commands.execute(new DecideFlagCommand(flagId, request.decision, request.reason, actorOf(principal)));
  }

  @Get('policies')
  @Roles('finance', 'analyst')
  @ApiOperation({ summary: 'The risk policy in force and every adoption, oldest first', description: 'Roles: finance, analyst (admin).' })
  @ApiOkResponse({ type: RiskPoliciesBody })
  @ApiErrors(403)
  async policies(): Promise<{ inForce: object; adoptions: RiskPolicyAdoptionView[] }> {
    const adoptions: RiskPolicyAdoptionView[] = await this.queries.execute(new ListRiskPoliciesQuery());
    return { inForce: adoptions.length > 0 ? adoptions[adoptions.length - 1].policy : DEFAULT_RISK_POLICY, adoptions };
  }

  @Post('policies')
  @Roles('finance')
  @Idempotent()
  @ApiOperation({
    summary: 'Adopt a risk policy going forward',
    description:
      'Roles: finance (admin). Takes an `Idempotency-Key` header. `{"policy": {"version", "selfReferral"?, "clickVelocity"?, "refundRate"?, ' +
      '"newPartnerLargeDeal"?}, "reason"?}` (SPEC §9; a signal left out is off). Commissions booked after the adoption are screened under it; ' +
      'nothing booked before is screened again. A version already naming other rules is refused. Simulate first with `riskPolicy` on POST /v1/simulations.',
  })
  @ApiBody({
    schema: { type: 'object', required: ['policy'], properties: { policy: { type: 'object' }, reason: { type: 'string' } } },
  })
  @ApiCreatedResponse({ type: RiskPolicyAdoptionBody })
  @ApiErrors(400, 403, 409, 422)
  adopt(
    @Body(new ParseBody(parseRiskPolicyRequest)) request: RiskPolicyRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<RiskPolicyAdoptionResult> {
    return this.commands.execute(new AdoptRiskPolicyCommand(request.policy, request.reason, actorOf(principal)));
  }
}
