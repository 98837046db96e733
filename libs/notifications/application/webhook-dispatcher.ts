import { Logger } from '@nestjs/common';
import type { Counter, Histogram } from 'prom-client';
import { pauseAfter } from '@ledger/notifications/domain';
import { claimDueDeliveries, fanOut, recordDelivered, recordFailed, type ClaimedDelivery } from '@ledger/notifications/read-model';
import type { SqlDatabase } from '@ledger/platform/sql';
import type { NotificationsOptions } from './notifications-options';
import { sendWebhook } from './webhook-sender';

const FAN_OUT_BATCH = 500;
const REFILL_DELAY_MS = 5;

export interface DispatcherMetrics {
  attempts: Counter<'outcome'>;
  duration: Histogram;
}

/**
 * The webhook delivery loop, apart from ingestion and projections: it fans new outbox entries out
 * into deliveries, claims due ones (the oldest pending of each partner per webhook) and sends them
 * with at most `concurrency` requests in flight, each bounded by the timeout. All its state is in
 * SQL, so pending deliveries survive a restart, and several processes can run it side by side.
 */
export class WebhookDispatcher {
  private readonly logger = new Logger(WebhookDispatcher.name);
  private readonly inFlight = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;
  private stopped = true;
  private failures = 0;

  constructor(
    private readonly db: SqlDatabase,
    private readonly options: NotificationsOptions,
    private readonly metrics?: DispatcherMetrics,
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.ticking;
    await Promise.allSettled([...this.inFlight]);
  }

  /** Longer than any attempt takes, so a live process always records its attempt before another may claim it. */
  private get leaseMillis(): number {
    return 2 * this.options.timeoutMillis + 1000;
  }

  private schedule(millis: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.ticking = this.tick().finally(() => (this.ticking = undefined));
    }, millis);
  }

  private async tick(): Promise<void> {
    let busy = false;
    try {
      busy = (await fanOut(this.db, FAN_OUT_BATCH)) === FAN_OUT_BATCH;
      const claims = this.stopped ? [] : await claimDueDeliveries(this.db, this.options.concurrency - this.inFlight.size, this.leaseMillis);
      for (const claim of claims) {
        const attempt: Promise<void> = this.attempt(claim).finally(() => {
          this.inFlight.delete(attempt);
          // A finished attempt may have unblocked the partner's next notification. Attempts finishing
          // within a few milliseconds of each other are refilled by one claim (a query per batch, not per delivery).
          if (!this.stopped && this.ticking === undefined) {
            clearTimeout(this.timer);
            this.schedule(REFILL_DELAY_MS);
          }
        });
        this.inFlight.add(attempt);
      }
      this.failures = 0;
    } catch (error) {
      this.failures += 1;
      this.logger.warn(`webhook deliveries wait: ${(error as Error).message}`);
    }
    const pause = this.failures > 0 ? Math.min(5000, this.options.pollMillis * 2 ** this.failures) : busy ? 0 : this.options.pollMillis;
    this.schedule(pause);
  }

  private async attempt(claim: ClaimedDelivery): Promise<void> {
    const result = await sendWebhook(claim, this.options);
    this.metrics?.duration.observe(result.durationMs / 1000);
    try {
      if (result.ok) {
        await recordDelivered(this.db, claim, result);
        this.metrics?.attempts.inc({ outcome: 'delivered' });
        return;
      }
      const status = await recordFailed(
        this.db,
        claim,
        result,
        pauseAfter(this.options.retry, claim.attempt),
        this.options.retry.windowMillis,
      );
      this.metrics?.attempts.inc({ outcome: status === 'failed' ? 'failed' : 'retry' });
      if (status === 'failed')
        this.logger.warn(
          `webhook ${claim.webhookId}: notification ${claim.notification.notificationId} failed for good after ${claim.attempt} attempts (${result.error})`,
        );
    } catch (error) {
      // The lease runs out and the delivery is tried again: at least once.
      this.logger.warn(
        `webhook ${claim.webhookId}: could not record attempt ${claim.attempt} of delivery ${claim.deliveryId}: ${(error as Error).message}`,
      );
    }
  }
}
