import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Money, OneOf, Optional, Required, Text } from '@ledger/contracts';
import type { DisputeOutcome, FlagDecision } from '@ledger/contracts';
import type { MoneyJson } from '@ledger/kernel';

export class FlagDecisionDto {
  @Required()
  @OneOf(['release', 'reject'])
  @ApiProperty({ enum: ['release', 'reject'] })
  decision!: FlagDecision;

  @Required()
  @Text(1000)
  @ApiProperty({ example: 'customer confirmed by phone; not a self-referral' })
  reason!: string;
}

export class DisputeRequestDto {
  @Optional()
  @Text()
  @ApiPropertyOptional({ description: 'a conversion on the partner’s statement', example: 'D-1001' })
  conversionId?: string;

  @Optional()
  @Text()
  @ApiPropertyOptional({ description: 'a line of the partner’s statement (its lineId)' })
  lineId?: string;

  @Required()
  @Text(4000)
  @ApiProperty({ example: 'this deal was sourced by us; the commission is missing' })
  message!: string;
}

export class DisputeResolutionDto {
  @Required()
  @OneOf(['upheld', 'rejected'])
  @ApiProperty({ enum: ['upheld', 'rejected'] })
  outcome!: DisputeOutcome;

  @Required()
  @Text(1000)
  @ApiProperty({ example: 'registration found in the CRM; commission added' })
  reason!: string;

  @Optional()
  @Money({ allowZero: false, allowNegative: true })
  @ApiPropertyOptional({
    description: 'only when upheld: a signed adjustment the ledger books naming the dispute',
    example: { amount: '120.00', currency: 'USD' },
  })
  adjustment?: MoneyJson;
}
