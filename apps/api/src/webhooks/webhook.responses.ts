import { ApiProperty } from '@nestjs/swagger';
import { NOTIFICATION_KINDS } from '@ledger/notifications/domain';

export class WebhookRequestBody {
  @ApiProperty({
    example: 'https://hooks.example.com/ledger',
    description: 'http or https; private, loopback and link-local hosts are refused',
  })
  url!: string;

  @ApiProperty({ enum: NOTIFICATION_KINDS, isArray: true, example: ['commission.booked', 'payout.paid'] })
  events!: string[];
}

export class RegisteredWebhookBody {
  @ApiProperty({ example: 'wh_4f1c0d2e9a8b7c6d5e4f3a2b' })
  id!: string;

  @ApiProperty({ example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', description: 'the signing secret; shown only in this answer' })
  secret!: string;
}

export class WebhookBody {
  @ApiProperty()
  id!: string;

  @ApiProperty()
  url!: string;

  @ApiProperty({ enum: NOTIFICATION_KINDS, isArray: true })
  events!: string[];

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ description: 'id of the key that registered it' })
  createdBy!: string;
}

export class WebhookPageBody {
  @ApiProperty({ type: [WebhookBody], description: 'newest first' })
  items!: WebhookBody[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}

export class DeliveryBody {
  @ApiProperty()
  deliveryId!: string;

  @ApiProperty({ description: 'the `webhook-id` header of every attempt' })
  notificationId!: string;

  @ApiProperty({ enum: NOTIFICATION_KINDS })
  kind!: string;

  @ApiProperty()
  partnerId!: string;

  @ApiProperty({ enum: ['pending', 'delivered', 'failed'] })
  status!: string;

  @ApiProperty()
  attempts!: number;

  @ApiProperty({ type: Number, nullable: true })
  lastStatusCode!: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'of the last attempt' })
  durationMs!: number | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastAttemptAt!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'pending only' })
  nextAttemptAt!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  deliveredAt!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'why the last attempt failed' })
  error!: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
}

export class DeliveryPageBody {
  @ApiProperty({ type: [DeliveryBody], description: 'newest first' })
  items!: DeliveryBody[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}
