import { cloudEvent } from './events';

export const at = (day: string) => `2026-${day}T12:00:00Z`;
export const usd = (amount: string) => ({ amount, currency: 'USD' });
export const eur = (amount: string) => ({ amount, currency: 'EUR' });

/**
 * A small program worked by hand (plan default-v1): P-1 (reseller) sells four deals and an invoice
 * by clicks and becomes silver with its third deal; P-2 earns in EUR through a coupon; P-3 earns a
 * little through a click. Refunds hit C-2 before its payable date and C-1 after it. P-4 never
 * does anything; C-7 is direct; C-8 was touched by P-2 too early to be credited.
 */
export function ledgerScenario() {
  const e = cloudEvent;
  const clickAndIdentify = (partnerId: string, visitor: string, customer: string, day: string) => [
    e('click.recorded', { partnerId, visitorId: visitor }, { time: at(day) }),
    e('customer.identified', { customerId: customer, visitorId: visitor }, { time: at(day) }),
  ];
  return [
    e('partner.enrolled', { partnerId: 'P-1', name: 'Northwind Resellers', partnerType: 'reseller' }, { time: at('01-05') }),
    e('partner.enrolled', { partnerId: 'P-2', name: 'Coupon Heaven', partnerType: 'affiliate' }, { time: at('01-05') }),
    e('partner.enrolled', { partnerId: 'P-3', name: 'Blog Referrals', partnerType: 'referral' }, { time: at('01-05') }),
    e('partner.certified', { partnerId: 'P-1', certification: 'solutions-architect' }, { time: at('01-10') }),
    ...clickAndIdentify('P-1', 'v-a1', 'CU-a1', '02-01'),
    ...clickAndIdentify('P-1', 'v-a2', 'CU-a2', '02-01'),
    ...clickAndIdentify('P-1', 'v-a3', 'CU-a3', '02-01'),
    ...clickAndIdentify('P-1', 'v-a4', 'CU-a4', '02-01'),
    ...clickAndIdentify('P-3', 'v-c1', 'CU-c1', '02-01'),
    e('coupon.issued', { code: 'EURO10', partnerId: 'P-2' }, { time: at('01-20') }),
    e('coupon.redeemed', { code: 'EURO10', customerId: 'CU-b1' }, { time: at('02-01') }),
    e(
      'deal.closed_won',
      { conversionId: 'C-1', customerId: 'CU-a1', accountDomain: 'a1.com', amount: usd('1000.00') },
      { time: at('02-10') },
    ),
    e(
      'deal.closed_won',
      { conversionId: 'C-2', customerId: 'CU-a2', accountDomain: 'a2.com', amount: usd('2000.00') },
      { time: at('02-15') },
    ),
    e(
      'deal.closed_won',
      { conversionId: 'C-3', customerId: 'CU-a3', accountDomain: 'a3.com', amount: usd('500.00') },
      { time: at('02-20') },
    ),
    e(
      'deal.closed_won',
      { conversionId: 'C-4', customerId: 'CU-a4', accountDomain: 'a4.com', amount: usd('1000.00') },
      { time: at('03-01') },
    ),
    e(
      'deal.closed_won',
      { conversionId: 'C-5', customerId: 'CU-b1', accountDomain: 'b1.de', amount: eur('800.00') },
      { time: at('02-05') },
    ),
    e('deal.closed_won', { conversionId: 'C-6', customerId: 'CU-c1', accountDomain: 'c1.io', amount: usd('99.99') }, { time: at('02-12') }),
    e('invoice.paid', { invoiceId: 'INV-1', customerId: 'CU-a1', amount: usd('300.00') }, { time: at('03-10') }),
    e('invoice.refunded', { conversionId: 'C-2', amount: usd('1000.00') }, { time: at('03-05') }),
    e('invoice.refunded', { conversionId: 'C-1', amount: usd('250.00') }, { time: at('04-01') }),
    // For the reports: a partner with no activity, a direct deal, and a deal P-2 touched too early to earn it.
    e('partner.enrolled', { partnerId: 'P-4', name: 'Quiet Consulting', partnerType: 'service' }, { time: at('01-05') }),
    e(
      'deal.closed_won',
      { conversionId: 'C-7', customerId: 'CU-d1', accountDomain: 'd1.com', amount: usd('600.00') },
      { time: at('03-15') },
    ),
    ...clickAndIdentify('P-2', 'v-d2', 'CU-d2', '01-10'),
    e(
      'deal.closed_won',
      { conversionId: 'C-8', customerId: 'CU-d2', accountDomain: 'd2.com', amount: usd('400.00') },
      { time: at('03-15') },
    ),
  ];
}
