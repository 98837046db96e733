import { ApiProperty } from '@nestjs/swagger';
import { MoneyBody } from '../openapi/money-body';

export class ConversionCreditBody {
  @ApiProperty({ example: 'P-1' })
  partnerId!: string;

  @ApiProperty({ example: '1', description: 'share of the credit, decimal string' })
  weight!: string;

  @ApiProperty({ example: '1000.00', description: 'credited revenue' })
  revenue!: string;

  @ApiProperty({ type: String, nullable: true, example: '200.00', description: 'commission booked (null when none was)' })
  commission!: string | null;

  @ApiProperty({ type: String, nullable: true, example: '0.00' })
  clawedBack!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'registered' })
  tier!: string | null;

  @ApiProperty({ type: String, nullable: true, example: '0.20' })
  rate!: string | null;

  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  payableAt!: string | null;
}

export class ConversionItemBody {
  @ApiProperty({ example: 'C-1' })
  conversionId!: string;

  @ApiProperty({ enum: ['deal.closed_won', 'invoice.paid'] })
  conversionType!: string;

  @ApiProperty({ type: String, nullable: true, example: 'CU-1' })
  customerId!: string | null;

  @ApiProperty({ format: 'date-time', description: 'business time of the conversion' })
  occurredAt!: string;

  @ApiProperty({ type: MoneyBody })
  amount!: MoneyBody;

  @ApiProperty({ example: '0.00', description: 'refunded so far' })
  refunded!: string;

  @ApiProperty({ example: 'default-v1' })
  policyVersion!: string;

  @ApiProperty({ example: 'default-v1' })
  planVersion!: string;

  @ApiProperty({ type: [ConversionCreditBody], description: 'empty when no partner qualified' })
  credits!: ConversionCreditBody[];
}

export class ConversionPageBody {
  @ApiProperty({ type: [ConversionItemBody] })
  items!: ConversionItemBody[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}
