import { ApiProperty } from '@nestjs/swagger';
import { Money, Required, Text } from '@ledger/contracts';
import type { MoneyJson } from '@ledger/kernel';

export class AdjustmentRequestDto {
  @Required()
  @Text()
  @ApiProperty({ example: 'P-1' })
  partnerId!: string;

  @Required()
  @Money({ allowZero: false, allowNegative: true })
  @ApiProperty({
    description: 'signed: negative takes money from the partner; a decimal string with at most 15 digits before the point',
    example: { amount: '-25.00', currency: 'USD' },
  })
  amount!: MoneyJson;

  @Required()
  @Text(1000)
  @ApiProperty({ example: 'duplicate lead credited twice in March' })
  reason!: string;
}
