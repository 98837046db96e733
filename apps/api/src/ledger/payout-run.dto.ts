import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { InstantOrDate, MoneyMap, Optional, Required } from '@ledger/contracts';

export class PayoutRunRequestDto {
  @Optional()
  @InstantOrDate('end')
  @ApiPropertyOptional({
    description:
      'commissions payable by this business time are paid (ISO 8601 with a zone; a plain date means its end); default now; not in the future',
    example: '2026-03-31T23:59:59Z',
  })
  asOf?: string;

  @Required()
  @MoneyMap()
  @ApiProperty({
    description:
      'minimum payable balance per currency (decimal strings, at most 15 digits before the point); only the currencies listed are paid',
    example: { USD: '50.00' },
  })
  minimum!: Record<string, string>;
}
