/** Upstream fact types of SPEC §2, exactly as they appear in CloudEvents `type`. */
export const UPSTREAM_EVENT_TYPES = [
  'partner.enrolled',
  'partner.certified',
  'partner.status_changed',
  'coupon.issued',
  'click.recorded',
  'customer.identified',
  'coupon.redeemed',
  'account.reserved',
  'deal.registered',
  'deal.approved',
  'deal.rejected',
  'deal.closed_lost',
  'deal.closed_won',
  'invoice.paid',
  'invoice.refunded',
  'payout.paid',
  'payout.failed',
] as const;

export type UpstreamEventType = (typeof UPSTREAM_EVENT_TYPES)[number];

export const PARTNER_TYPES = ['affiliate', 'referral', 'reseller', 'technology', 'service', 'strategic'] as const;
export type PartnerType = (typeof PARTNER_TYPES)[number];

export const PARTNER_STATUSES = ['active', 'suspended', 'terminated'] as const;
export type PartnerStatus = (typeof PARTNER_STATUSES)[number];

/** Source the ledger itself uses for the facts it derives (decisions, automatic rejections). */
export const LEDGER_SOURCE = 'partner-ledger';

export function isUpstreamEventType(value: unknown): value is UpstreamEventType {
  return typeof value === 'string' && (UPSTREAM_EVENT_TYPES as readonly string[]).includes(value);
}
