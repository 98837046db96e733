import { seededRandom } from '@ledger/demo';
import type { RecordedEvent } from '@ledger/contracts';

/*
 * A seeded, deterministic synthetic partner program for benchmarks and demos: partners, coupons,
 * many clicks, identifications, deal registrations with approvals and rejections, closed-won deals,
 * invoices, refunds and payouts, with a realistic share of late (out-of-order) business times.
 */

export interface SyntheticHistoryOptions {
  /** Number of events to produce. */
  events: number;
  seed?: number;
  partners?: number;
  /** Business time of the first event. */
  start?: string;
}

/** The PRNG lives in @ledger/demo (the demo program uses it too); re-exported for the benchmarks that import it from here. */
export { seededRandom };

type Fact = { type: string; data: object };

const CURRENCIES: [string, number][] = [
  ['USD', 2],
  ['USD', 2],
  ['USD', 2],
  ['EUR', 2],
  ['GBP', 2],
  ['JPY', 0],
];
const PARTNER_TYPES = ['affiliate', 'referral', 'reseller', 'technology', 'service', 'strategic'];
/** Relative frequency of each kind of fact once the program is running. */
const MIX: [string, number][] = [
  ['click.recorded', 550],
  ['customer.identified', 100],
  ['invoice.paid', 170],
  ['deal.closed_won', 40],
  ['coupon.redeemed', 30],
  ['deal.registered', 25],
  ['deal.approved', 18],
  ['deal.rejected', 3],
  ['invoice.refunded', 10],
  ['coupon.issued', 5],
  ['payout.paid', 5],
  ['partner.status_changed', 2],
  ['partner.enrolled', 1],
  ['account.reserved', 1],
];
const MIX_TOTAL = MIX.reduce((sum, [, weight]) => sum + weight, 0);

export function* syntheticHistory(options: SyntheticHistoryOptions): Generator<RecordedEvent> {
  const random = seededRandom(options.seed ?? 42);
  const int = (n: number) => Math.floor(random() * n);
  /** Skewed choice: a few partners (and recent items) get most of the activity. */
  const skewed = (n: number) => Math.floor(n * random() ** 2);
  const recent = <T>(list: T[]) => list[list.length - 1 - skewed(Math.min(list.length, 5000))];

  let clock = Date.parse(options.start ?? '2024-01-01T00:00:00Z');
  let position = 0;
  const partners: string[] = [];
  const coupons: string[] = [];
  const visitors: string[] = [];
  const customers: { id: string; domain: string; visitors: number }[] = [];
  const payingCustomers: { id: string; currency: [string, number] }[] = [];
  const registered: string[] = [];
  const invoices: string[] = [];
  const domains: string[] = [];
  let counter = 0;
  const next = (prefix: string) => `${prefix}-${++counter}`;

  const money = ([currency, digits]: [string, number], major: number) => ({
    amount: digits === 0 ? String(Math.round(major * 100)) : (Math.round(major * 100) / 100).toFixed(digits),
    currency,
  });
  const enroll = (): Fact => {
    const partnerId = `P-${partners.length + 1}`;
    partners.push(partnerId);
    return {
      type: 'partner.enrolled',
      data: { partnerId, name: `Partner ${partners.length}`, partnerType: PARTNER_TYPES[int(PARTNER_TYPES.length)] },
    };
  };
  const issue = (): Fact => {
    const code = `CODE${coupons.length + 1}`;
    coupons.push(code);
    return { type: 'coupon.issued', data: { code, partnerId: partners[skewed(partners.length)] } };
  };
  const domainFor = () =>
    domains.length > 50 && random() < 0.3 ? domains[int(domains.length)] : `company${domains.push(`company${domains.length + 1}.com`)}.com`;

  const fact = (kind: string): Fact => {
    switch (kind) {
      case 'click.recorded': {
        const visitorId = visitors.length > 0 && random() < 0.35 ? recent(visitors) : `V-${visitors.push(`V-${visitors.length + 1}`)}`;
        return { type: kind, data: { partnerId: partners[skewed(partners.length)], visitorId, linkId: `L-${int(500)}` } };
      }
      case 'customer.identified': {
        if (customers.length > 0 && random() < 0.3) {
          const customer = recent(customers);
          const visitorId = recent(visitors);
          return { type: kind, data: { customerId: customer.id, visitorId } };
        }
        const customer = { id: next('CU'), domain: domainFor(), visitors: 1 };
        customers.push(customer);
        const domain = random() < 0.1 ? `WWW.${customer.domain}` : customer.domain;
        return { type: kind, data: { customerId: customer.id, visitorId: recent(visitors), accountDomain: domain } };
      }
      case 'coupon.redeemed':
        return {
          type: kind,
          data: { code: random() < 0.05 ? `UNKNOWN${int(100)}` : coupons[skewed(coupons.length)], customerId: recent(customers).id },
        };
      case 'deal.registered': {
        const dealId = next('D');
        registered.push(dealId);
        const accountDomain = random() < 0.7 ? recent(customers).domain : domainFor();
        return {
          type: kind,
          data: {
            dealId,
            partnerId: partners[skewed(partners.length)],
            accountDomain,
            estimatedValue: money(CURRENCIES[0], 5000 + int(50000)),
          },
        };
      }
      case 'deal.approved':
        // Nothing registered yet (right after the setup): register one instead of approving nothing.
        if (registered.length === 0) return fact('deal.registered');
        return { type: kind, data: random() < 0.2 ? { dealId: recent(registered), protectionDays: 60 } : { dealId: recent(registered) } };
      case 'deal.rejected':
        if (registered.length === 0) return fact('deal.registered');
        return { type: kind, data: { dealId: recent(registered), reason: 'duplicate opportunity' } };
      case 'deal.closed_won': {
        const customer = recent(customers);
        const currency = CURRENCIES[int(CURRENCIES.length)];
        payingCustomers.push({ id: customer.id, currency });
        return {
          type: kind,
          data: {
            conversionId: next('C'),
            customerId: customer.id,
            accountDomain: customer.domain,
            amount: money(currency, 1000 + int(100000)),
          },
        };
      }
      case 'invoice.paid': {
        const payer =
          payingCustomers.length > 0 && random() < 0.9 ? recent(payingCustomers) : { id: recent(customers).id, currency: CURRENCIES[0] };
        const invoiceId = next('I');
        invoices.push(invoiceId);
        return { type: kind, data: { invoiceId, customerId: payer.id, amount: money(payer.currency, 50 + int(5000)) } };
      }
      case 'invoice.refunded':
        if (invoices.length === 0) return fact('invoice.paid');
        return { type: kind, data: { invoiceId: recent(invoices), amount: money(CURRENCIES[0], 10 + int(40)) } };
      case 'coupon.issued':
        return issue();
      case 'payout.paid':
        return { type: kind, data: { payoutId: next('PO') } };
      case 'partner.status_changed':
        return { type: kind, data: { partnerId: partners[int(partners.length)], status: ['active', 'suspended', 'terminated'][int(3)] } };
      case 'partner.enrolled':
        return enroll();
      default:
        return {
          type: 'account.reserved',
          data:
            random() < 0.5
              ? { accountDomain: domainFor() }
              : { accountDomain: domainFor(), until: new Date(clock + 180 * 86_400_000).toISOString() },
        };
    }
  };

  const emit = (f: Fact): RecordedEvent => {
    position++;
    clock += Math.round(-Math.log(1 - random()) * 40_000); // ~40 s between facts on average
    // 2% of facts arrive late: their business time is up to two days in the past.
    const time = new Date(random() < 0.02 ? clock - int(2 * 86_400_000) : clock).toISOString();
    return {
      position,
      streamId: `${f.type.split('.')[0]}-${position % 1024}`,
      revision: position - 1,
      recordedAt: time,
      event: { specversion: '1.0', id: `evt-${position}`, source: 'synthetic', type: f.type, time, data: f.data },
    };
  };

  const setup: Fact[] = [];
  for (let i = 0; i < (options.partners ?? 2000); i++) setup.push(enroll());
  for (let i = 0; i < (options.partners ?? 2000) * 1.5; i++) setup.push(issue());
  for (let i = 0; i < 30; i++) setup.push(fact('click.recorded'), fact('customer.identified'));
  for (const f of setup.slice(0, options.events)) yield emit(f);

  for (let produced = setup.length; produced < options.events; produced++) {
    let roll = random() * MIX_TOTAL;
    let kind = MIX[0][0];
    for (const [candidate, weight] of MIX) {
      if ((roll -= weight) < 0) {
        kind = candidate;
        break;
      }
    }
    yield emit(fact(kind));
  }
}
