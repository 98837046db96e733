/** What a notification reports (SPEC §10); webhooks subscribe to a subset, Kafka gets them all. */
export const NOTIFICATION_KINDS = [
  'commission.booked',
  'commission.clawed_back',
  'commission.held',
  'commission.released',
  'payout.scheduled',
  'payout.paid',
  'payout.failed',
  'tier.changed',
  'deal.status_changed',
  'attribution.revised',
  'dispute.resolved',
] as const;

export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export function isNotificationKind(value: unknown): value is NotificationKind {
  return typeof value === 'string' && (NOTIFICATION_KINDS as readonly string[]).includes(value);
}

/** Statuses `deal.status_changed` reports; `expired` has no event (protection ends with time) and is never sent. */
export type DealStatus = 'pending' | 'approved' | 'rejected' | 'lost' | 'won';
