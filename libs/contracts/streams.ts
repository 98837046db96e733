import type { CloudEvent } from './upstream/cloud-event';

/*
 * Every stream name the product writes, in one place. Each fact goes to the stream of the entity it
 * is about, so an entity's history reads in one stream while the global order spans them all.
 */

export const streams = {
  partner: (partnerId: string) => `partner-${partnerId}`,
  coupon: (code: string) => `coupon-${code}`,
  visitor: (visitorId: string) => `visitor-${visitorId}`,
  customer: (customerId: string) => `customer-${customerId}`,
  account: (accountDomain: string) => `account-${accountDomain}`,
  deal: (dealId: string) => `deal-${dealId}`,
  /** A conversion and its refunds (upstream facts). */
  conversion: (conversionId: string) => `conversion-${conversionId}`,
  payout: (payoutId: string) => `payout-${payoutId}`,
  /** The ledger's decisions and revisions about one conversion. */
  attribution: (conversionId: string) => `attribution-${conversionId}`,
  /** Adoptions and retractions: appends use its revision, so two concurrent changes cannot both pass. */
  policyChanges: 'attribution-policies',
  /** The close of one policy change's revisions. */
  policyApplied: (adoptionId: string) => `attribution-policy-${adoptionId}`,
  /** Payout runs, numbered by their place in it: appends use its revision. */
  payoutRuns: 'payout-runs',
  adjustment: (adjustmentId: string) => `adjustment-${adjustmentId}`,
  /** A risk flag and finance's decision on it: the decision appends expecting the flag alone, so there is one. */
  riskFlag: (flagId: string) => `risk-flag-${flagId}`,
  /** Risk policy adoptions, numbered by their place in it. */
  riskPolicies: 'risk-policies',
  /** A dispute and its resolution: the resolution appends expecting the opening alone. */
  dispute: (disputeId: string) => `dispute-${disputeId}`,
} as const;

/** The stream an upstream fact is appended to. Conversions and their refunds share one stream per conversion id. */
export function streamForEvent(event: CloudEvent): string {
  const data = event.data as Record<string, string | undefined>;
  switch (event.type) {
    case 'partner.enrolled':
    case 'partner.certified':
    case 'partner.status_changed':
      return streams.partner(String(data.partnerId));
    case 'coupon.issued':
    case 'coupon.redeemed':
      return streams.coupon(String(data.code));
    case 'click.recorded':
      return streams.visitor(String(data.visitorId));
    case 'customer.identified':
      return streams.customer(String(data.customerId));
    case 'account.reserved':
      return streams.account(String(data.accountDomain));
    case 'deal.registered':
    case 'deal.approved':
    case 'deal.rejected':
    case 'deal.closed_lost':
      return streams.deal(String(data.dealId));
    case 'deal.closed_won':
      return streams.conversion(String(data.conversionId));
    case 'invoice.paid':
      return streams.conversion(String(data.invoiceId));
    case 'invoice.refunded':
      return streams.conversion(String(data.conversionId ?? data.invoiceId));
    case 'payout.paid':
    case 'payout.failed':
      return streams.payout(String(data.payoutId));
    default:
      return `other-${event.type}`;
  }
}
