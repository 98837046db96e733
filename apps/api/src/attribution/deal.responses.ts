import { ApiProperty } from '@nestjs/swagger';

export class DealBody {
  @ApiProperty({ example: 'D-100' })
  dealId!: string;

  @ApiProperty({ example: 'P-1' })
  partnerId!: string;

  @ApiProperty({ example: 'acme.example', description: 'normalised: lower case, without www.' })
  accountDomain!: string;

  @ApiProperty({ enum: ['pending', 'approved', 'rejected', 'expired', 'won', 'lost'] })
  status!: string;

  @ApiProperty({ format: 'date-time' })
  registeredAt!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    format: 'date-time',
    description: 'until when it holds its domain (pending period, or protection once approved); null once rejected',
  })
  protectedUntil!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'why it was rejected or lost, or when it expired' })
  reason!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'the deal.closed_won conversion it won' })
  conversionId!: string | null;
}

export class DealPageBody {
  @ApiProperty({ type: [DealBody], description: 'in the order they were recorded' })
  items!: DealBody[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}
