import { ApiProperty } from '@nestjs/swagger';

export class ActorBody {
  @ApiProperty({ example: '3f9a0c1d2b4e' })
  keyId!: string;

  @ApiProperty({ example: 'finance' })
  role!: string;
}

export class PayoutRunTotalBody {
  @ApiProperty({ example: 'USD' })
  currency!: string;

  @ApiProperty({ example: 12 })
  payouts!: number;

  @ApiProperty({ example: '1500.00' })
  amount!: string;

  @ApiProperty({ example: '0.00' })
  scheduled!: string;

  @ApiProperty({ example: '1400.00' })
  paid!: string;

  @ApiProperty({ example: '100.00' })
  failed!: string;
}

export class PayoutRunSummaryBody {
  @ApiProperty({ example: 'payout-run-1' })
  runId!: string;

  @ApiProperty({ format: 'date-time' })
  asOf!: string;

  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, example: { USD: '50.00' } })
  minimum!: Record<string, string>;

  @ApiProperty({ type: ActorBody, nullable: true })
  requestedBy!: ActorBody | null;

  @ApiProperty({ type: [PayoutRunTotalBody], description: 'per currency' })
  totals!: PayoutRunTotalBody[];
}

export class PayoutRunPageBody {
  @ApiProperty({ type: [PayoutRunSummaryBody], description: 'newest first' })
  items!: PayoutRunSummaryBody[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}

export class PayoutBody {
  @ApiProperty({ example: 'payout-run-1-P-1-USD' })
  payoutId!: string;

  @ApiProperty({ example: 'P-1' })
  partnerId!: string;

  @ApiProperty({ example: 'USD' })
  currency!: string;

  @ApiProperty({ example: '300.00' })
  amount!: string;

  @ApiProperty({ enum: ['scheduled', 'paid', 'failed'] })
  status!: string;

  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  scheduledAt!: string | null;

  @ApiProperty({ type: String, nullable: true, format: 'date-time', description: 'business time of payout.paid or payout.failed' })
  confirmedAt!: string | null;
}

export class PayoutRunBody extends PayoutRunSummaryBody {
  @ApiProperty({ type: [PayoutBody], description: 'one page of the payouts, by payoutId (limit, cursor)' })
  payouts!: PayoutBody[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}

export class SelectedPayoutBody {
  @ApiProperty({ example: 'P-1' })
  partnerId!: string;

  @ApiProperty({ example: 'USD' })
  currency!: string;

  @ApiProperty({ example: '300.00' })
  amount!: string;
}

export class BelowMinimumBody extends SelectedPayoutBody {
  @ApiProperty({ example: '50.00' })
  minimum!: string;
}

export class PayoutRunPreviewBody {
  @ApiProperty({ format: 'date-time' })
  asOf!: string;

  @ApiProperty({ type: [SelectedPayoutBody], description: 'what the run would pay' })
  eligible!: SelectedPayoutBody[];

  @ApiProperty({ type: [BelowMinimumBody], description: 'positive payable amounts under their currency’s minimum' })
  belowMinimum!: BelowMinimumBody[];
}

export class ScheduledPayoutBody extends SelectedPayoutBody {
  @ApiProperty({ example: 'payout-run-1-P-1-USD' })
  payoutId!: string;
}

export class PayoutRunResultBody {
  @ApiProperty({ example: 'payout-run-1' })
  runId!: string;

  @ApiProperty({ format: 'date-time' })
  asOf!: string;

  @ApiProperty({ type: [ScheduledPayoutBody] })
  payouts!: ScheduledPayoutBody[];
}
