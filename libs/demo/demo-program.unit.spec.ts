import { PARTNER_TYPES, UPSTREAM_EVENT_TYPES, validateCloudEvent, type CloudEvent } from '@ledger/contracts';
import { Dec } from '@ledger/kernel';
import { DEFAULT_DEMO_OPTIONS, type DemoProgramOptions } from './demo-options';
import { demoProgram, type DemoMonth } from './demo-program';

const all = (options: DemoProgramOptions): DemoMonth[] => [...demoProgram(options)];
const events = (months: DemoMonth[]): CloudEvent[] => months.flatMap((month) => month.events);
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- reads any field of any event type
const data = (event: CloudEvent) => event.data as Record<string, any>;
const ofType = (list: CloudEvent[], type: string) => list.filter((event) => event.type === type);

describe('demoProgram', () => {
  const small: DemoProgramOptions = { partners: 15, months: 4, seed: 7, start: '2025-01' };
  // The default program, generated once: the one `npm run ledger -- demo` loads.
  const months = all(DEFAULT_DEMO_OPTIONS);
  const program = events(months);

  it('gives identical events for the same options, ids and times included', () => {
    expect(all(small)).toEqual(all(small));
  });

  it('gives another program for another seed', () => {
    const other = events(all({ ...small, seed: 8 }));
    expect(other).not.toEqual(events(all(small)));
    expect(other.length).toBeGreaterThan(0);
  });

  it('never reads the clock: the same events on any day', () => {
    jest.useFakeTimers({ now: new Date('2031-07-04T12:00:00Z') });
    try {
      expect(all(small)).toEqual(all(small));
      const later = all(small);
      jest.setSystemTime(new Date('2027-01-01T00:00:00Z'));
      expect(all(small)).toEqual(later);
    } finally {
      jest.useRealTimers();
    }
  });

  it('yields the months in order, each with its facts in business-time order inside the month', () => {
    expect(months.map((month) => month.label)).toEqual([
      '2025-01',
      '2025-02',
      '2025-03',
      '2025-04',
      '2025-05',
      '2025-06',
      '2025-07',
      '2025-08',
      '2025-09',
      '2025-10',
      '2025-11',
      '2025-12',
    ]);
    expect(months[11].asOf).toBe('2025-12-31T23:59:59.999Z');
    for (const month of months) {
      const times = month.events.map((event) => event.time);
      expect(times).toEqual([...times].sort());
      expect(times.every((time) => time.startsWith(month.label))).toBe(true);
    }
  });

  it('produces only events the ingestion path accepts, each with its own (source, id)', () => {
    const rejected = program.map((event) => validateCloudEvent(event)).filter((outcome) => !outcome.ok);
    expect(rejected).toEqual([]);
    expect(new Set(program.map((event) => `${event.source}/${event.id}`)).size).toBe(program.length);
  });

  it('covers every partner type and every upstream fact type (payout answers come from payoutOutcomes)', () => {
    const types = new Set(program.map((event) => event.type));
    expect([...UPSTREAM_EVENT_TYPES].filter((type) => !types.has(type))).toEqual(['payout.paid', 'payout.failed']);
    expect(new Set(ofType(program, 'partner.enrolled').map((event) => data(event).partnerType))).toEqual(new Set(PARTNER_TYPES));
    // Every partner type is there even in the smallest program.
    const smallest = events(all({ ...small, partners: 6, months: 1 }));
    expect(new Set(ofType(smallest, 'partner.enrolled').map((event) => data(event).partnerType))).toEqual(new Set(PARTNER_TYPES));
  });

  it('enrolls partners over the whole program, not all at launch', () => {
    const enrollments = ofType(program, 'partner.enrolled');
    expect(enrollments).toHaveLength(60);
    const launch = enrollments.filter((event) => event.time < '2025-01-15');
    expect(launch.length).toBe(24);
    expect(enrollments.some((event) => event.time >= '2025-10-01')).toBe(true);
  });

  it('suspends a few partners (reinstating some) and terminates a few', () => {
    const statuses = ofType(program, 'partner.status_changed').map((event) => data(event).status);
    expect(statuses.filter((status) => status === 'suspended').length).toBeGreaterThanOrEqual(2);
    expect(statuses).toContain('active');
    expect(statuses.filter((status) => status === 'terminated').length).toBeGreaterThanOrEqual(1);
  });

  it('has deal conflicts: another partner registering a domain already claimed', () => {
    const byDomain = new Map<string, Set<string>>();
    for (const event of ofType(program, 'deal.registered')) {
      const { accountDomain, partnerId } = data(event);
      byDomain.set(accountDomain, (byDomain.get(accountDomain) ?? new Set()).add(partnerId));
    }
    expect([...byDomain.values()].filter((partners) => partners.size > 1).length).toBeGreaterThanOrEqual(3);
  });

  it('reserves accounts for direct sales, on which partners still try to register deals and direct deals close', () => {
    const reserved = new Set(ofType(program, 'account.reserved').map((event) => data(event).accountDomain));
    expect(reserved.size).toBe(3);
    expect(ofType(program, 'deal.registered').some((event) => reserved.has(data(event).accountDomain))).toBe(true);
    expect(ofType(program, 'deal.closed_won').filter((event) => reserved.has(data(event).accountDomain))).toHaveLength(3);
  });

  it('approves most registrations and rejects some with a reason', () => {
    const approved = ofType(program, 'deal.approved').length;
    const rejected = ofType(program, 'deal.rejected');
    expect(approved).toBeGreaterThan(rejected.length * 3);
    expect(rejected.every((event) => data(event).reason.length > 0)).toBe(true);
  });

  it('refunds some invoices and deals in full and others in part', () => {
    const paid = new Map<string, string>();
    for (const event of [...ofType(program, 'invoice.paid'), ...ofType(program, 'deal.closed_won')]) {
      paid.set(data(event).invoiceId ?? data(event).conversionId, data(event).amount.amount);
    }
    const refunds = ofType(program, 'invoice.refunded').map((event) => {
      const { invoiceId, conversionId, amount } = data(event);
      return new Dec(amount.amount).comparedTo(paid.get(invoiceId ?? conversionId) as string);
    });
    expect(refunds.filter((comparison) => comparison === 0).length).toBeGreaterThan(0);
    expect(refunds.filter((comparison) => comparison < 0).length).toBeGreaterThan(0);
    expect(refunds.filter((comparison) => comparison > 0)).toEqual([]);
    expect(ofType(program, 'invoice.refunded').some((event) => data(event).conversionId)).toBe(true);
  });

  it('bills mostly in USD, also in EUR, GBP and JPY (whole yen)', () => {
    const conversions = [...ofType(program, 'invoice.paid'), ...ofType(program, 'deal.closed_won')].map((event) => data(event).amount);
    const count = (currency: string) => conversions.filter((amount) => amount.currency === currency).length;
    expect(count('USD')).toBeGreaterThan(conversions.length / 2);
    for (const currency of ['EUR', 'GBP', 'JPY']) expect(count(currency)).toBeGreaterThan(0);
    expect(conversions.filter((amount) => amount.currency === 'JPY').every((amount) => /^\d+$/.test(amount.amount))).toBe(true);
  });

  it('links clicks to customers and redeems issued coupons (and, rarely, a code nobody issued)', () => {
    const visitorsWithClicks = new Set(ofType(program, 'click.recorded').map((event) => data(event).visitorId));
    expect(ofType(program, 'customer.identified').some((event) => visitorsWithClicks.has(data(event).visitorId))).toBe(true);
    const issued = new Set(ofType(program, 'coupon.issued').map((event) => data(event).code));
    const redeemed = ofType(program, 'coupon.redeemed').map((event) => data(event).code);
    expect(redeemed.filter((code) => issued.has(code)).length).toBeGreaterThan(redeemed.length / 2);
  });
});
