import { ApiProperty } from '@nestjs/swagger';

/** Money on the wire: a decimal string in major units and its ISO 4217 currency. */
export class MoneyBody {
  @ApiProperty({ description: 'decimal string with the currency’s minor digits', example: '1234.50' })
  amount!: string;

  @ApiProperty({ example: 'USD' })
  currency!: string;
}
