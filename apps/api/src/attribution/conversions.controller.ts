import { Controller, Get, NotFoundException, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, PartnerOwnRows, Roles, type Principal } from '@ledger/platform/auth';
import { GetConversionAttributionQuery, type ConversionAttributionView } from '@ledger/attribution/read-model';
import { ListConversionsQuery, type ConversionListItem } from '@ledger/ledger/read-model';
import { instantParam, pageParams, textParam, type Page } from '@ledger/platform/http';
import { ConversionPageBody } from '../ledger/conversion.responses';
import { ApiErrors } from '../openapi/api-errors.decorator';
import { ApiListQuery } from '../openapi/list-query.decorator';

@ApiTags('attribution')
@ApiBearerAuth()
@Controller('v1/conversions')
export class ConversionsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @Roles('finance', 'analyst', 'partner')
  @PartnerOwnRows()
  @ApiOperation({
    summary: 'Booked conversions in business-time order with their credits and commission',
    description:
      'Roles: finance, analyst, partner (admin). A partner key gets only the conversions crediting its own partner, whatever `partnerId` it sends. ' +
      'A list: `limit` (1 to 1000, default 50) and `cursor`.',
  })
  @ApiQuery({ name: 'partnerId', required: false, description: 'only conversions crediting this partner' })
  @ApiQuery({ name: 'customerId', required: false })
  @ApiQuery({ name: 'from', required: false, description: 'first business time (ISO 8601; a plain date means its start)' })
  @ApiQuery({ name: 'to', required: false, description: 'last business time (a plain date means its end)' })
  @ApiListQuery()
  @ApiOkResponse({ type: ConversionPageBody })
  @ApiErrors(400, 403)
  list(
    @CurrentPrincipal() principal: Principal,
    @Query('partnerId') partnerId?: unknown,
    @Query('customerId') customerId?: unknown,
    @Query('from') from?: unknown,
    @Query('to') to?: unknown,
    @Query('limit') limit?: unknown,
    @Query('cursor') cursor?: unknown,
  ): Promise<Page<ConversionListItem>> {
    const filter = {
      partnerId: principal.role === 'partner' ? principal.partnerId : textParam('partnerId', partnerId),
      customerId: textParam('customerId', customerId),
      from: instantParam('from', from, null, 'start'),
      to: instantParam('to', to, null),
    };
    return this.queries.execute(new ListConversionsQuery(filter, pageParams(limit, cursor, 2)));
  }

  @Get(':conversionId/attribution')
  @Roles('finance', 'analyst')
  @ApiOperation({
    summary: 'The recorded attribution decision of a conversion: credits, policy version, every candidate and why it won or lost',
    description: 'Roles: finance, analyst (admin).',
  })
  @ApiOkResponse({
    description: '{"conversionId","policyVersion","credits":[{"partnerId","weight","revenue","commission"}],"candidates":[...]}',
    schema: { type: 'object', additionalProperties: true, required: ['conversionId', 'policyVersion', 'credits', 'candidates'] },
  })
  @ApiErrors(403, 404)
  async attribution(@Param('conversionId') conversionId: string): Promise<ConversionAttributionView> {
    const view = await this.queries.execute(new GetConversionAttributionQuery(conversionId));
    if (!view) {
      throw new NotFoundException(
        `no attribution decision recorded for conversion "${conversionId}" (projections are eventually consistent; see /health for their lag)`,
      );
    }
    return view;
  }
}
