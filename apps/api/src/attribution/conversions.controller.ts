import { Controller, Get, NotFoundException, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@ledger/platform/auth';
import { GetConversionAttributionQuery, type ConversionAttributionView } from '@ledger/attribution/read-model';

@ApiTags('attribution')
@ApiBearerAuth()
@Controller('v1/conversions')
export class ConversionsController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':conversionId/attribution')
  @Roles('finance', 'analyst')
  @ApiOperation({
    summary: 'The recorded attribution decision of a conversion: credits, policy version, every candidate and why it won or lost',
  })
  @ApiOkResponse({
    description: '{"conversionId","policyVersion","credits":[{"partnerId","weight","revenue","commission"}],"candidates":[...]}',
  })
  @ApiNotFoundResponse({
    description: 'no decision recorded for this conversion (yet: projections are eventually consistent, see /health)',
  })
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
