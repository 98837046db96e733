import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DateTime, MoneyMap, Optional, Required } from '@ledger/events';

export class PayoutRunRequestDto {
  @Optional()
  @DateTime()
  @ApiPropertyOptional({ description: 'commissions payable by this business time are paid; default now; not in the future', example: '2026-03-31T23:59:59Z' })
  asOf?: string;

  @Required()
  @MoneyMap()
  @ApiProperty({ description: 'minimum payable balance per currency; only the currencies listed are paid', example: { USD: '50.00' } })
  minimum!: Record<string, string>;
}
