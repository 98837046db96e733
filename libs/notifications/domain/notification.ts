import type { NotificationKind } from './notification-kinds';

/** A JSON value as the payload carries it. */
export type NotificationData = Readonly<Record<string, unknown>>;

/**
 * One fact told to the outside (a webhook call, a Kafka record). The id derives from the fact, so
 * the projection that writes it (again, on a rebuild) always writes the same id.
 */
export interface Notification {
  /** `ntf_` and 32 hex digits; the `webhook-id` header and the CloudEvent id. */
  notificationId: string;
  kind: NotificationKind;
  partnerId: string;
  /** Business time of the fact (ISO 8601 UTC). */
  occurredAt: string;
  data: NotificationData;
}

/**
 * What the mapping produces: a notification whose partner may still be unknown. Deal events after
 * the registration (`deal.approved`, `deal.rejected`, `deal.closed_lost`, `deal.closed_won`) name
 * the deal only; the outbox resolves its partner from the registration it recorded earlier.
 */
export type NotificationDraft = Omit<Notification, 'partnerId'> & { partnerId: string | null; dealId?: string };
