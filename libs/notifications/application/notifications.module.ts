import {
  Inject,
  Injectable,
  Module,
  Optional,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import { Counter, Histogram } from 'prom-client';
import { setUpOutbox } from '@ledger/notifications/read-model';
import { READ_MODEL_DB } from '@ledger/platform/event-store';
import { LedgerMetrics } from '@ledger/platform/metrics';
import type { SqlDatabase } from '@ledger/platform/sql';
import { KafkaNotificationPublisher } from './kafka-publisher';
import { NOTIFICATIONS_OPTIONS, type NotificationsOptions } from './notifications-options';
import { WebhookDispatcher } from './webhook-dispatcher';
import { WebhooksService } from './webhooks.service';

/** Runs the webhook delivery loop and, with KAFKA_OUTBOUND_TOPIC, the Kafka publisher, beside the app. */
@Injectable()
class NotificationWorkers implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly dispatcher: WebhookDispatcher;
  private readonly publisher?: KafkaNotificationPublisher;

  constructor(
    @Inject(READ_MODEL_DB) private readonly db: SqlDatabase,
    @Inject(NOTIFICATIONS_OPTIONS) options: NotificationsOptions,
    @Optional() metrics?: LedgerMetrics,
  ) {
    const registry = metrics ? [metrics.registry] : [];
    this.dispatcher = new WebhookDispatcher(db, options, {
      attempts: new Counter({
        name: 'ledger_webhook_attempts_total',
        help: 'Webhook delivery attempts by outcome: delivered, retry (failed, tried again later), failed (for good)',
        labelNames: ['outcome'],
        registers: registry,
      }),
      duration: new Histogram({
        name: 'ledger_webhook_attempt_duration_seconds',
        help: 'Duration of webhook delivery attempts',
        buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
        registers: registry,
      }),
    });
    if (options.kafka)
      this.publisher = new KafkaNotificationPublisher(
        db,
        options.kafka,
        options.pollMillis,
        new Counter({ name: 'ledger_notifications_published_total', help: 'Notifications published to Kafka', registers: registry }),
      );
  }

  /** The tables exist before any request or worker uses them, whichever process runs the ledger projection. */
  async onModuleInit(): Promise<void> {
    await setUpOutbox(this.db);
  }

  onApplicationBootstrap(): void {
    this.dispatcher.start();
    this.publisher?.start();
  }

  /** Before storage closes (that happens at application shutdown): in-flight attempts finish and are recorded. */
  async onModuleDestroy(): Promise<void> {
    await Promise.all([this.dispatcher.stop(), this.publisher?.stop()]);
  }
}

/** Notifications out (SPEC §10): webhook registrations, the delivery loop, the Kafka publisher. */
@Module({})
export class NotificationsModule {
  static forRoot(options: NotificationsOptions): DynamicModule {
    return {
      module: NotificationsModule,
      providers: [{ provide: NOTIFICATIONS_OPTIONS, useValue: options }, WebhooksService, NotificationWorkers],
      exports: [WebhooksService],
    };
  }
}
