import fc from 'fast-check';
import type { RecordedEvent } from '@ledger/contracts';
import { DEFAULT_POLICY } from '../policy';
import { CHANNELS, type AttributionPolicy } from '@ledger/contracts';
import type { AttributionOptions } from '../policy-timeline';

/*
 * Random histories over small pools of ids, so touches, conflicts and conversions collide often.
 * Business times are drawn independently of the global order (out-of-order facts are normal).
 */
const partners = ['P-1', 'P-2', 'P-3', 'P-4', 'P-5', 'P-6', 'P-7'];
const visitors = ['V-1', 'V-2', 'V-3', 'V-4'];
const customers = ['CU-1', 'CU-2', 'CU-3'];
const domains = ['acme.com', 'WWW.Acme.com', 'beta.io', 'gamma.org'];
const codes = ['K1', 'K2', 'K3'];
const deals = ['D-1', 'D-2', 'D-3', 'D-4', 'D-5'];
const currencies: [string, number][] = [
  ['USD', 2],
  ['JPY', 0],
  ['KWD', 3],
];

const BASE = Date.parse('2026-01-01T00:00:00Z');
const HOUR = 3_600_000;
/** Business time: up to ~60 days after BASE, by the hour, with occasional millisecond offsets. */
const time = fc
  .tuple(fc.integer({ min: 0, max: 60 * 24 }), fc.constantFrom(0, 0, 0, 1, -1))
  .map(([hours, ms]) => new Date(BASE + hours * HOUR + ms).toISOString());

/** Amounts in minor units, deliberately often tiny so rounding remainders are exercised. */
const amount = fc
  .tuple(fc.constantFrom(...currencies), fc.oneof(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 10_000_000 })))
  .map(([[currency, digits], minor]) => {
    const text = minor.toString().padStart(digits + 1, '0');
    return { amount: digits === 0 ? text : `${text.slice(0, -digits)}.${text.slice(-digits)}`, currency };
  });

const pick = <T>(values: T[]) => fc.constantFrom(...values);

const fact: fc.Arbitrary<{ type: string; data: object }> = fc.oneof(
  {
    weight: 3,
    arbitrary: pick(partners).map((partnerId) => ({
      type: 'partner.enrolled',
      data: { partnerId, name: partnerId, partnerType: 'affiliate' },
    })),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({ partnerId: pick(partners), status: pick(['active', 'suspended', 'terminated']) })
      .map((data) => ({ type: 'partner.status_changed', data })),
  },
  { weight: 2, arbitrary: fc.record({ code: pick(codes), partnerId: pick(partners) }).map((data) => ({ type: 'coupon.issued', data })) },
  {
    weight: 2,
    arbitrary: fc.record({ code: pick(codes), customerId: pick(customers) }).map((data) => ({ type: 'coupon.redeemed', data })),
  },
  {
    weight: 12,
    arbitrary: fc.record({ partnerId: pick(partners), visitorId: pick(visitors) }).map((data) => ({ type: 'click.recorded', data })),
  },
  {
    weight: 3,
    arbitrary: fc
      .record({
        customerId: pick(customers),
        visitorId: fc.option(pick(visitors), { nil: undefined }),
        accountDomain: fc.option(pick(domains), { nil: undefined }),
      })
      .map((data) => ({
        type: 'customer.identified',
        data: JSON.parse(JSON.stringify(data)) as object,
      })),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({ accountDomain: pick(domains), until: fc.option(time, { nil: undefined }) })
      .map((data) => ({ type: 'account.reserved', data: JSON.parse(JSON.stringify(data)) as object })),
  },
  {
    weight: 3,
    arbitrary: fc
      .record({ dealId: pick(deals), partnerId: pick(partners), accountDomain: pick(domains) })
      .map((data) => ({ type: 'deal.registered', data })),
  },
  {
    weight: 3,
    arbitrary: fc
      .record({ dealId: pick(deals), protectionDays: fc.option(fc.integer({ min: 1, max: 120 }), { nil: undefined }) })
      .map((data) => ({ type: 'deal.approved', data: JSON.parse(JSON.stringify(data)) as object })),
  },
  { weight: 1, arbitrary: fc.record({ dealId: pick(deals), reason: fc.constant('no') }).map((data) => ({ type: 'deal.rejected', data })) },
  {
    weight: 3,
    arbitrary: fc
      .record({
        conversionId: fc.integer({ min: 1, max: 1e6 }).map((n) => `C-${n}`),
        customerId: pick(customers),
        accountDomain: pick(domains),
        amount,
      })
      .map((data) => ({ type: 'deal.closed_won', data })),
  },
  {
    weight: 4,
    arbitrary: fc
      .record({ invoiceId: fc.integer({ min: 1, max: 1e6 }).map((n) => `I-${n}`), customerId: pick(customers), amount })
      .map((data) => ({ type: 'invoice.paid', data })),
  },
  { weight: 1, arbitrary: fc.constant({ type: 'payout.paid', data: { payoutId: 'PO-1' } }) },
  // Attribution ignores certifications; the ledger's tiers count them.
  {
    weight: 2,
    arbitrary: fc
      .record({ partnerId: pick(partners), certification: pick(['sales-101', 'tech-201']) })
      .map((data) => ({ type: 'partner.certified', data })),
  },
);

/** Most partners are enrolled before everything else, so that random touches can actually earn credit. */
const EARLY = new Date(BASE - 86_400_000).toISOString();
const prelude = fc
  .tuple(
    fc.subarray(partners, { minLength: 3 }),
    fc.subarray(customers.flatMap((customerId) => visitors.map((visitorId) => ({ customerId, visitorId })))),
  )
  .map(([enrolled, links]) => [
    ...enrolled.map((partnerId) => ({
      fact: { type: 'partner.enrolled', data: { partnerId, name: partnerId, partnerType: 'affiliate' } },
      at: EARLY,
    })),
    ...links.map((data) => ({ fact: { type: 'customer.identified', data }, at: EARLY })),
  ]);

export const historyArbitrary: fc.Arbitrary<RecordedEvent[]> = fc
  .tuple(prelude, fc.array(fc.record({ fact, at: time }), { minLength: 5, maxLength: 150, size: 'max' }))
  .map(([first, rest]) =>
    [...first, ...rest].map(({ fact: { type, data }, at }, index) => ({
      position: index + 1,
      streamId: type,
      revision: index,
      recordedAt: at,
      event: { specversion: '1.0', id: `evt-${index + 1}`, source: 'prop', type, time: at, data },
    })),
  );

const share = fc.integer({ min: 0, max: 100 });
export const policyArbitrary: fc.Arbitrary<AttributionPolicy> = fc
  .record({
    model: pick([...(['last_click', 'first_click', 'linear', 'position_based', 'time_decay'] as const)]),
    clickWindowDays: fc.integer({ min: 0, max: 60 }),
    protectionDays: fc.integer({ min: 1, max: 120 }),
    precedence: fc.shuffledSubarray([...CHANNELS]),
    shares: fc.tuple(share, share).filter(([first, last]) => first + last <= 100),
    halfLifeDays: fc.constantFrom(0.5, 1, 7, 30),
  })
  .map(({ shares: [first, last], ...rest }) => ({
    ...DEFAULT_POLICY,
    ...rest,
    version: 'prop',
    positionBased: { first: (first / 100).toString(), last: (last / 100).toString() },
  }));

export const optionsArbitrary: fc.Arbitrary<AttributionOptions> = fc.record({
  policy: fc.oneof({ weight: 1, arbitrary: fc.constant({ ...DEFAULT_POLICY }) }, { weight: 3, arbitrary: policyArbitrary }),
  recurringMonths: fc.integer({ min: 0, max: 24 }),
});
