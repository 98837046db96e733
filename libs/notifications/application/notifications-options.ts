import type { AppConfig } from '@ledger/platform/config';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '@ledger/notifications/domain';

/** Injection token of the notifications' settings. */
export const NOTIFICATIONS_OPTIONS = Symbol('NOTIFICATIONS_OPTIONS');

export interface NotificationsOptions {
  allowPrivate: boolean;
  retry: RetryPolicy;
  timeoutMillis: number;
  /** How often the delivery worker looks for new and due deliveries when it found none. */
  pollMillis: number;
  /** Deliveries in flight at once in this process (each to a different partner or webhook). */
  concurrency: number;
  kafka?: { brokers: string[]; topic: string; clientId: string };
}

export function notificationsOptions(config: AppConfig): NotificationsOptions {
  return {
    allowPrivate: config.webhookAllowPrivate,
    retry: {
      pausesMillis: config.webhookRetryScheduleMillis ?? DEFAULT_RETRY_POLICY.pausesMillis,
      windowMillis: config.webhookRetryWindowMillis ?? DEFAULT_RETRY_POLICY.windowMillis,
    },
    timeoutMillis: config.webhookTimeoutMillis,
    pollMillis: 250,
    concurrency: 16,
    kafka: config.kafkaOutbound,
  };
}
