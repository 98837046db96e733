import { ApiProperty } from '@nestjs/swagger';
import { MoneyBody } from '../openapi/money-body';
import { ActorBody } from './payout-run.responses';

export class AdjustmentItemBody {
  @ApiProperty({ example: 'adj_0b7c…' })
  adjustmentId!: string;

  @ApiProperty({ example: 'P-1' })
  partnerId!: string;

  @ApiProperty({ type: MoneyBody, description: 'signed: negative took money from the partner' })
  amount!: MoneyBody;

  @ApiProperty({ example: 'duplicate lead credited twice in March' })
  reason!: string;

  @ApiProperty({ type: ActorBody, nullable: true, description: 'the acting key' })
  actor!: ActorBody | null;

  @ApiProperty({ format: 'date-time', description: 'business time (when finance recorded it)' })
  time!: string;

  @ApiProperty({ format: 'date-time' })
  recordedAt!: string;
}

export class AdjustmentPageBody {
  @ApiProperty({ type: [AdjustmentItemBody], description: 'newest first' })
  items!: AdjustmentItemBody[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}

export class AdjustmentResultBody {
  @ApiProperty()
  adjustmentId!: string;

  @ApiProperty()
  partnerId!: string;

  @ApiProperty({ type: MoneyBody })
  amount!: MoneyBody;

  @ApiProperty()
  reason!: string;

  @ApiProperty({ type: ActorBody })
  actor!: ActorBody;

  @ApiProperty({ format: 'date-time' })
  time!: string;

  @ApiProperty({ description: 'global position of the recorded event' })
  position!: number;
}
