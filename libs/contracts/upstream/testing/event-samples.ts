import type { UpstreamEventType } from '../event-types';

/* Valid upstream events of every type, shared by the validation specs. */

export const envelope = { specversion: '1.0', id: 'evt-123', source: 'crm', time: '2026-03-04T10:00:00Z' };
export const usd = (amount: string) => ({ amount, currency: 'USD' });

/** A valid `data` for every upstream type, with every optional field filled in. */
export const fullData: Record<UpstreamEventType, Record<string, unknown>> = {
  'partner.enrolled': { partnerId: 'P-1', name: 'Acme Referrals', partnerType: 'referral', websiteDomain: 'acme-referrals.com' },
  'partner.certified': { partnerId: 'P-1', certification: 'sales-101' },
  'partner.status_changed': { partnerId: 'P-1', status: 'suspended' },
  'coupon.issued': { code: 'SPRING25', partnerId: 'P-1' },
  'click.recorded': {
    partnerId: 'P-1',
    visitorId: 'v-9',
    linkId: 'L-3',
    landingUrl: 'https://shop.example.com/pricing?ref=P-1',
    utm: { source: 'newsletter', campaign: 'spring', 'utm-term': '' },
  },
  'customer.identified': { customerId: 'C-1', visitorId: 'v-9', accountDomain: 'www.Globex.com' },
  'coupon.redeemed': { code: 'SPRING25', customerId: 'C-1' },
  'account.reserved': { accountDomain: 'initech.co.uk', until: '2026-12-31T23:59:59.999+01:00' },
  'deal.registered': { dealId: 'D-1', partnerId: 'P-1', accountDomain: 'globex.com', estimatedValue: usd('50000.00') },
  'deal.approved': { dealId: 'D-1', protectionDays: 90 },
  'deal.rejected': { dealId: 'D-1', reason: 'account already in a direct sales cycle' },
  'deal.closed_lost': { dealId: 'D-1', reason: 'went with a competitor' },
  'deal.closed_won': { conversionId: 'CV-1', customerId: 'C-1', accountDomain: 'globex.com', amount: usd('1234.50'), dealId: 'D-1' },
  'invoice.paid': { invoiceId: 'INV-1', customerId: 'C-1', amount: { amount: '1000', currency: 'JPY' } },
  'invoice.refunded': { invoiceId: 'INV-1', amount: { amount: '1.234', currency: 'KWD' } },
  'payout.paid': { payoutId: 'PO-1' },
  'payout.failed': { payoutId: 'PO-1', reason: 'account closed' },
};

/** The same with only the required fields. */
export const minimalData: Record<UpstreamEventType, Record<string, unknown>> = {
  ...fullData,
  'partner.enrolled': { partnerId: 'P-1', name: 'Acme Referrals', partnerType: 'referral' },
  'deal.closed_lost': { dealId: 'D-1' },
  'click.recorded': { partnerId: 'P-1', visitorId: 'v-9' },
  'customer.identified': { customerId: 'C-1' },
  'account.reserved': { accountDomain: 'initech.com' },
  'deal.registered': { dealId: 'D-1', partnerId: 'P-1', accountDomain: 'globex.com' },
  'deal.approved': { dealId: 'D-1' },
  'deal.closed_won': { conversionId: 'CV-1', customerId: 'C-1', accountDomain: 'globex.com', amount: usd('0.01') },
  'invoice.refunded': { conversionId: 'CV-1', amount: usd('10') },
  'payout.failed': { payoutId: 'PO-1' },
};
