import { Body, Controller, Delete, Get, Param, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { parseAdoptionRequest, parseRetractionRequest, type AdoptionRequest } from '@ledger/attribution/domain';
import { CurrentPrincipal, Roles, type Principal } from '@ledger/platform/auth';
import { AdoptPolicyCommand, RetractPolicyCommand } from '@ledger/attribution/application';
import { GetAttributionPoliciesQuery, type AdoptedPolicyView } from '@ledger/attribution/read-model';
import { Idempotent, ParseBody } from '@ledger/platform/http';
import { objectSchema } from '../openapi/object-schema';
import { ApiErrors } from '../openapi/api-errors.decorator';

const ADOPTION_SCHEMA = objectSchema({
  adoptionId: 'string',
  version: 'string',
  effectiveFrom: 'string',
  adoptedAt: 'string',
  adoptedBy: { type: 'object' },
  status: 'string',
  revisedConversions: 'number',
  policy: { type: 'object' },
});

@ApiTags('attribution')
@ApiBearerAuth()
@Controller('v1/attribution/policies')
export class PoliciesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @Roles('finance')
  @Idempotent()
  @ApiOperation({
    summary: 'Adopt an attribution policy from an effective date (past or future)',
    description:
      'Roles: finance (admin). Takes an `Idempotency-Key` header. ' +
      'Conversions from the effective date on are re-attributed: each one whose credits change gets an attribution.revised event and compensating ledger lines ' +
      '(reversal of the old commission, accrual of the new) naming both policy versions. Run a simulation with the same policy and from = effectiveFrom first to see the result.',
  })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['policy', 'effectiveFrom'],
      properties: { policy: { type: 'object' }, effectiveFrom: { type: 'string', example: '2026-03-01' }, reason: { type: 'string' } },
    },
  })
  @ApiCreatedResponse({
    description: '{"adoptionId","version","effectiveFrom","adoptedAt","adoptedBy","reason","status","revisedConversions","policy"}',
    schema: ADOPTION_SCHEMA,
  })
  @ApiErrors(400, 403, 422)
  @ApiConflictResponse({ description: 'the version is already in use, or another adoption was recorded at the same time' })
  adopt(
    @Body(new ParseBody(parseAdoptionRequest)) request: AdoptionRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<AdoptedPolicyView> {
    return this.commands.execute(new AdoptPolicyCommand(request, { keyId: principal.keyId, role: principal.role }));
  }

  @Delete(':adoptionId')
  @Roles('finance')
  @Idempotent()
  @ApiOperation({
    summary: 'Retract a policy adoption',
    description:
      'Roles: finance (admin). Takes an `Idempotency-Key` header. ' +
      'The conversions from its effective date on are re-attributed under the policies still in force, with attribution.revised events and compensating ledger lines ' +
      '(tiers and rates re-derived too); an adoption whose effective date is still ahead simply never applies. Simulate first with {"retract": adoptionId}.',
  })
  @ApiBody({ schema: { type: 'object', required: ['reason'], properties: { reason: { type: 'string' } } } })
  @ApiOkResponse({ description: 'the adoption, now with status "retracted" and its retraction', schema: ADOPTION_SCHEMA })
  @ApiErrors(400, 403, 422)
  @ApiNotFoundResponse({ description: 'no adoption has this id' })
  @ApiConflictResponse({ description: 'already retracted, or another policy change was recorded at the same time' })
  retract(
    @Param('adoptionId') adoptionId: string,
    @Body(new ParseBody(parseRetractionRequest)) request: { reason: string },
    @CurrentPrincipal() principal: Principal,
  ): Promise<AdoptedPolicyView> {
    return this.commands.execute(new RetractPolicyCommand(adoptionId, request.reason, { keyId: principal.keyId, role: principal.role }));
  }

  @Get()
  @Roles('finance', 'analyst')
  @ApiOperation({
    summary:
      'Every attribution policy in the order it was adopted, with its effective date, who adopted it and how many conversions it revised',
    description: 'Roles: finance, analyst (admin).',
  })
  @ApiErrors(403)
  @ApiOkResponse({
    description: '[{"adoptionId","version","effectiveFrom","adoptedAt","adoptedBy","reason","status","revisedConversions","policy"}]',
    schema: { type: 'array', items: ADOPTION_SCHEMA },
  })
  list(): Promise<AdoptedPolicyView[]> {
    return this.queries.execute(new GetAttributionPoliciesQuery());
  }
}
