import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import type { Counter } from 'prom-client';
import { LEDGER_SOURCE } from '@ledger/contracts';
import { advanceCursor, leaseCursor, outboxAhead, readOutbox, releaseCursor, type OutboxEntry } from '@ledger/notifications/read-model';
import type { SqlDatabase } from '@ledger/platform/sql';

const BATCH = 500;
const LEASE_MILLIS = 30_000;

/** A notification as a structured-mode CloudEvent (type = kind, id = notification id, subject = partner). */
export function notificationCloudEvent(entry: OutboxEntry): Record<string, unknown> {
  return {
    specversion: '1.0',
    id: entry.notificationId,
    source: LEDGER_SOURCE,
    type: entry.kind,
    time: entry.occurredAt,
    subject: entry.partnerId,
    partnerid: entry.partnerId,
    datacontenttype: 'application/json',
    data: entry.data,
  };
}

/**
 * Publishes the outbox to KAFKA_OUTBOUND_TOPIC in order (key = partnerId, so a partner's
 * notifications stay in order in one partition) with an idempotent producer and acks from every
 * in-sync replica; its SQL cursor moves only after the broker acknowledged, so a crash publishes
 * the unacknowledged entries again (at least once; consumers drop duplicates by CloudEvent id).
 */
export class KafkaNotificationPublisher {
  private readonly logger = new Logger(KafkaNotificationPublisher.name);
  private readonly owner = `publisher-${randomUUID()}`;
  private readonly cursor: string;
  private readonly producer: Producer;
  private connected = false;
  private stopped = true;
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;
  private failures = 0;

  constructor(
    private readonly db: SqlDatabase,
    private readonly options: { brokers: string[]; topic: string; clientId: string },
    private readonly pollMillis: number,
    private readonly published?: Counter,
  ) {
    this.cursor = `kafka:${options.topic}`;
    this.producer = new Kafka({
      clientId: options.clientId,
      brokers: options.brokers,
      logLevel: logLevel.NOTHING,
      retry: { retries: 3, maxRetryTime: 5000 },
    }).producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: true });
  }

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.ticking;
    await releaseCursor(this.db, this.cursor, this.owner).catch(() => undefined);
    if (this.connected) await this.producer.disconnect().catch(() => undefined);
  }

  private schedule(millis: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.ticking = this.tick().finally(() => (this.ticking = undefined));
    }, millis);
  }

  private async tick(): Promise<void> {
    let full = false;
    try {
      full = (await this.publishOnce()) === BATCH;
      this.failures = 0;
    } catch (error) {
      this.failures += 1;
      this.logger.warn(`notifications wait for Kafka (${this.options.topic}): ${(error as Error).message}`);
    }
    this.schedule(this.failures > 0 ? Math.min(5000, this.pollMillis * 2 ** this.failures) : full ? 0 : this.pollMillis);
  }

  /** One batch: lease the cursor, read after it, publish, and move it once the broker acknowledged. */
  private async publishOnce(): Promise<number> {
    if (!(await outboxAhead(this.db, this.cursor))) return 0;
    const after = await leaseCursor(this.db, this.cursor, this.owner, LEASE_MILLIS);
    if (after === null) return 0; // another process publishes
    const entries = await readOutbox(this.db, after, BATCH);
    if (entries.length === 0) return 0;
    if (!this.connected) {
      await this.producer.connect();
      this.connected = true;
    }
    await this.producer.send({
      topic: this.options.topic,
      acks: -1,
      messages: entries.map((entry) => ({
        key: entry.partnerId,
        value: JSON.stringify(notificationCloudEvent(entry)),
        headers: { 'content-type': 'application/cloudevents+json; charset=utf-8' },
      })),
    });
    await advanceCursor(this.db, this.cursor, this.owner, entries[entries.length - 1].seq);
    this.published?.inc(entries.length);
    return entries.length;
  }
}
