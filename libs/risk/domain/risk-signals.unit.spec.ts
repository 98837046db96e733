import fc from 'fast-check';
import { DAY_MS } from '@ledger/kernel';
import { assessCommission, type CommissionFacts } from './assess-commission';
import { DEFAULT_RISK_POLICY, signalsOff, type RiskPolicy } from './risk-policy';
import { clickVelocity } from './signals/click-velocity';
import { newPartnerLargeDeal } from './signals/new-partner-large-deal';
import { refundRate } from './signals/refund-rate';
import { selfReferral } from './signals/self-referral';

const at = (iso: string) => Date.parse(iso);
const minutes = (base: string, ...offsets: number[]) => offsets.map((offset) => at(base) + offset * 60_000);

describe('self_referral', () => {
  test.each([
    ['same domain', 'acme.com', 'acme.com', true],
    ['case and one "www." do not matter', 'WWW.Acme.com', 'acme.COM', true],
    ['another domain', 'globex.com', 'acme.com', false],
    ['a subdomain is another domain', 'shop.acme.com', 'acme.com', false],
    ['no website on the enrolment', 'acme.com', undefined, false],
    ['no account domain on the conversion', undefined, 'acme.com', false],
  ])('%s', (_name, accountDomain, websiteDomain, flagged) => {
    const signal = selfReferral({ conversionId: 'C-1', accountDomain }, { partnerId: 'P-1', websiteDomain });
    expect(signal !== null).toBe(flagged);
    if (signal) expect(signal.evidence).toBe(`account domain ${accountDomain} of C-1 is the website of P-1 (${websiteDomain})`);
  });
});

describe('click_velocity', () => {
  const rule = { maxClicks: 3, withinMinutes: 10 };
  test.each([
    ['no clicks', [], null],
    ['exactly the limit in the window is fine', minutes('2026-03-01T10:00:00Z', 0, 1, 2), null],
    ['one more than the limit within 10 minutes', minutes('2026-03-01T10:00:00Z', 0, 1, 2, 9), 4],
    ['the window includes a click exactly 10 minutes after the first', minutes('2026-03-01T10:00:00Z', 0, 1, 2, 10), 4],
    ['spread over more than 10 minutes', minutes('2026-03-01T10:00:00Z', 0, 4, 8, 12, 16), null],
    ['a burst later in the history, clicks out of order', minutes('2026-03-01T10:00:00Z', 95, 0, 90, 93, 91, 50), 4],
  ])('%s', (_name, clicks, count) => {
    const signal = clickVelocity({ partnerId: 'P-4', visitorId: 'v-9', clicks }, rule);
    expect(signal?.figures.clicks ?? null).toBe(count);
  });

  it('names the busiest window in its evidence', () => {
    const clicks = minutes('2026-03-01T10:02:00Z', ...Array.from({ length: 23 }, (_, i) => (i * 7) / 22));
    expect(clickVelocity({ partnerId: 'P-4', visitorId: 'v-9', clicks }, DEFAULT_RISK_POLICY.clickVelocity)?.evidence).toBe(
      '23 clicks by visitor v-9 for P-4 between 2026-03-01T10:02:00.000Z and 2026-03-01T10:09:00.000Z; limit 20 in 10 minutes',
    );
  });
});

describe('refund_rate', () => {
  const rule = { threshold: '0.5', minConversions: 3, windowDays: 90 };
  const history = (...pairs: Array<[string, string]>) =>
    pairs.map(([revenue, refunded], i) => ({ conversionId: `C-${i + 1}`, revenue, refunded }));
  test.each([
    ['too few conversions to judge', history(['100.00', '100.00'], ['100.00', '100.00']), null],
    ['exactly at the threshold', history(['100.00', '50.00'], ['100.00', '50.00'], ['100.00', '50.00']), '0.5'],
    ['a cent under the threshold', history(['100.00', '50.00'], ['100.00', '50.00'], ['100.00', '49.99']), null],
    ['weighted by revenue, not by count', history(['1000.00', '0.00'], ['10.00', '10.00'], ['10.00', '10.00']), null],
    ['exact thirds: 2/3 at least 0.5', history(['0.03', '0.02'], ['0.03', '0.02'], ['0.03', '0.02']), '0.6667'],
    ['nothing credited', history(['0.00', '0.00'], ['0.00', '0.00'], ['0.00', '0.00']), null],
  ])('%s', (_name, credited, share) => {
    const signal = refundRate({ partnerId: 'P-2', currency: 'USD', history: credited }, rule);
    expect(signal?.figures.share ?? null).toBe(share);
  });
});

describe('new_partner_large_deal', () => {
  const rule = { withinDays: 30, amount: { USD: '10000.00' } };
  const judge = (daysAfter: number, amount: string, currency = 'USD') =>
    newPartnerLargeDeal(
      {
        partnerId: 'P-3',
        enrolledAt: at('2026-03-01T00:00:00Z'),
        conversionTime: at('2026-03-01T00:00:00Z') + daysAfter * DAY_MS,
        amount,
        currency,
      },
      rule,
    );
  test.each([
    ['at the amount, on the last day', 30, '10000.00', 'USD', true],
    ['a cent less', 5, '9999.99', 'USD', false],
    ['after the window', 30.001, '50000.00', 'USD', false],
    ['a currency the policy sets no amount for', 1, '50000.00', 'EUR', false],
  ])('%s', (_name, days, amount, currency, flagged) => {
    expect(judge(days, amount, currency) !== null).toBe(flagged);
  });
  it('says how new the partner was', () => {
    expect(judge(3.5, '12000.00')?.evidence).toBe(
      '12000.00 USD 3 days after P-3 enrolled (2026-03-01T00:00:00.000Z); limit 10000.00 USD within 30 days',
    );
  });
});

/** Random facts: any of them may trip any signal under some policy. */
const facts: fc.Arbitrary<CommissionFacts> = fc.record({
  partnerId: fc.constantFrom('P-1', 'P-2'),
  conversionId: fc.constant('C-9'),
  conversionTime: fc.integer({ min: at('2026-01-01T00:00:00Z'), max: at('2026-12-31T00:00:00Z') }),
  amount: fc.integer({ min: 1, max: 5_000_000 }).map((cents) => (cents / 100).toFixed(2)),
  currency: fc.constantFrom('USD', 'EUR'),
  accountDomain: fc.option(fc.constantFrom('acme.com', 'www.acme.com', 'globex.com'), { nil: undefined }),
  partner: fc.record({
    websiteDomain: fc.option(fc.constantFrom('acme.com', 'initech.com'), { nil: undefined }),
    enrolledAt: fc.option(fc.integer({ min: at('2025-06-01T00:00:00Z'), max: at('2026-01-01T00:00:00Z') }), { nil: undefined }),
  }),
  winningClick: fc.option(
    fc.record({ visitorId: fc.constant('v-1'), clicks: fc.array(fc.integer({ min: 0, max: 3 * 3_600_000 }), { maxLength: 40 }) }),
    { nil: undefined },
  ),
  creditedHistory: fc.array(
    fc.tuple(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 0, max: 100 })).map(([cents, percent]) => ({
      conversionId: 'C-x',
      revenue: (cents / 100).toFixed(2),
      refunded: (Math.floor((cents * percent) / 100) / 100).toFixed(2),
    })),
    { maxLength: 12 },
  ),
});

const policies: fc.Arbitrary<RiskPolicy> = fc.record({
  version: fc.constant('risk-test'),
  selfReferral: fc.boolean(),
  clickVelocity: fc.option(fc.record({ maxClicks: fc.integer({ min: 1, max: 30 }), withinMinutes: fc.integer({ min: 1, max: 120 }) }), {
    nil: undefined,
  }),
  refundRate: fc.option(
    fc.record({
      threshold: fc.integer({ min: 0, max: 100 }).map((percent) => (percent / 100).toString()),
      minConversions: fc.integer({ min: 1, max: 10 }),
      windowDays: fc.constant(90),
    }),
    { nil: undefined },
  ),
  newPartnerLargeDeal: fc.option(
    fc.record({ withinDays: fc.integer({ min: 1, max: 365 }), amount: fc.constant({ USD: '10000.00', EUR: '5000.00' }) }),
    { nil: undefined },
  ),
});

describe('risk rules (properties)', () => {
  it('a policy with every signal off holds nothing', () => {
    fc.assert(fc.property(facts, (commission) => expect(assessCommission(commission, signalsOff('off'))).toEqual([])));
  });

  it('each signal raised is one the policy turned on, once, with its evidence', () => {
    fc.assert(
      fc.property(facts, policies, (commission, policy) => {
        const raised = assessCommission(commission, policy).map((signal) => signal.signal);
        expect(new Set(raised).size).toBe(raised.length);
        if (!policy.selfReferral) expect(raised).not.toContain('self_referral');
        if (!policy.clickVelocity) expect(raised).not.toContain('click_velocity');
        if (!policy.refundRate) expect(raised).not.toContain('refund_rate');
        if (!policy.newPartnerLargeDeal) expect(raised).not.toContain('new_partner_large_deal');
      }),
    );
  });

  it('a stricter limit never lifts a flag: fewer allowed clicks, a lower threshold, a longer window', () => {
    fc.assert(
      fc.property(facts, policies, (commission, policy) => {
        const stricter: RiskPolicy = {
          ...policy,
          clickVelocity: policy.clickVelocity && { ...policy.clickVelocity, maxClicks: policy.clickVelocity.maxClicks - 1 },
          refundRate: policy.refundRate && { ...policy.refundRate, threshold: '0' },
          newPartnerLargeDeal: policy.newPartnerLargeDeal && {
            ...policy.newPartnerLargeDeal,
            withinDays: policy.newPartnerLargeDeal.withinDays + 30,
          },
        };
        const before = assessCommission(commission, policy).map((signal) => signal.signal);
        const after = assessCommission(commission, stricter).map((signal) => signal.signal);
        for (const signal of before) expect(after).toContain(signal);
      }),
    );
  });

  it('click_velocity does not depend on the order the clicks are listed in', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 7_200_000 }), { maxLength: 40 }),
        fc.integer({ min: 1, max: 10 }),
        (clicks, maxClicks) => {
          const rule = { maxClicks, withinMinutes: 10 };
          const forward = clickVelocity({ partnerId: 'P', visitorId: 'v', clicks }, rule);
          const backward = clickVelocity({ partnerId: 'P', visitorId: 'v', clicks: [...clicks].reverse() }, rule);
          expect(backward).toEqual(forward);
        },
      ),
    );
  });
});
