import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DomainName, Money, Optional, Required, Text } from '@ledger/contracts';
import type { MoneyJson } from '@ledger/kernel';

/** POST /v1/partners/{id}/deals: the partner is the path's; the rest as `deal.registered` data. */
export class DealRegistrationDto {
  @Required()
  @Text()
  @ApiProperty({ example: 'D-100' })
  dealId!: string;

  @Required()
  @DomainName()
  @ApiProperty({ description: 'the prospect’s company domain (compared lower-cased, without www.)', example: 'acme.example' })
  accountDomain!: string;

  @Optional()
  @Money({ allowZero: true })
  @ApiPropertyOptional({
    description: 'decimal string, at most 15 digits before the point',
    example: { amount: '12000.00', currency: 'USD' },
  })
  estimatedValue?: MoneyJson;
}
