import type { CloudEvent } from '@ledger/contracts';

/**
 * Each fact goes to the stream of the entity it is about, so an entity's history reads in one
 * stream while the global order still spans them all. Conversions and their refunds share one
 * stream per conversion id.
 */
export function streamForEvent(event: CloudEvent): string {
  const data = event.data as Record<string, string | undefined>;
  switch (event.type) {
    case 'partner.enrolled':
    case 'partner.certified':
    case 'partner.status_changed':
      return `partner-${data.partnerId}`;
    case 'coupon.issued':
    case 'coupon.redeemed':
      return `coupon-${data.code}`;
    case 'click.recorded':
      return `visitor-${data.visitorId}`;
    case 'customer.identified':
      return `customer-${data.customerId}`;
    case 'account.reserved':
      return `account-${data.accountDomain}`;
    case 'deal.registered':
    case 'deal.approved':
    case 'deal.rejected':
      return `deal-${data.dealId}`;
    case 'deal.closed_won':
      return `conversion-${data.conversionId}`;
    case 'invoice.paid':
      return `conversion-${data.invoiceId}`;
    case 'invoice.refunded':
      return `conversion-${data.conversionId ?? data.invoiceId}`;
    case 'payout.paid':
    case 'payout.failed':
      return `payout-${data.payoutId}`;
    default:
      return `other-${event.type}`;
  }
}
