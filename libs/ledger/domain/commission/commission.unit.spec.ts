import { commissionForCredit } from './commission';
import { DEFAULT_PLAN } from './commission-plan';
import { parsePlan } from './parse-plan';
import { selectRateRule } from './rate-rule';
import { DEFAULT_TIER_PROGRAM, progressToNextTier, tierReached } from './tier-program';

describe('commission plans', () => {
  it('default-v1 is the plan of SPEC §4', () => {
    expect(parsePlan(JSON.parse(JSON.stringify(DEFAULT_PLAN)))).toEqual({ ok: true, plan: DEFAULT_PLAN });
  });

  it.each([
    [{ rates: [{ rate: '0.2' }] }, 'version', 'is required'],
    [{ version: 'v', rates: [] }, 'rates', 'must be a non-empty array'],
    [{ version: 'v', rates: [{ rate: 0.2 }] }, 'rates[0].rate', 'not a JSON number'],
    [{ version: 'v', rates: [{ rate: '1.5' }] }, 'rates[0].rate', 'between "0" and "1"'],
    [{ version: 'v', rates: [{ tier: 'platinum', rate: '0.2' }] }, 'rates[0].tier', 'must be one of registered, silver, gold'],
    [{ version: 'v', rates: [{ partnerType: 'vendor', rate: '0.2' }] }, 'rates[0].partnerType', 'must be one of'],
    [{ version: 'v', rates: [{ tier: 'gold' }] }, 'rates[0]', 'must name a "rate", a "flat" amount or both'],
    [{ version: 'v', rates: [{ flat: { USD: '10.001' } }] }, 'rates[0].flat.USD', 'USD has 2'],
    [{ version: 'v', rates: [{ flat: { XXY: '10' } }] }, 'rates[0].flat.XXY', 'not a known ISO 4217'],
    [{ version: 'v', holdDays: -1, rates: [{ rate: '0.2' }] }, 'holdDays', 'whole number of days'],
    // Bounded: 2^53-1 made every simulation with the plan fail on an impossible date.
    [{ version: 'v', holdDays: Number.MAX_SAFE_INTEGER, rates: [{ rate: '0.2' }] }, 'holdDays', 'from 0 to 3650'],
    [{ version: 'v', recurringMonths: Number.MAX_SAFE_INTEGER, rates: [{ rate: '0.2' }] }, 'recurringMonths', 'from 0 to 1200'],
    [{ version: 'v', hold: 30, rates: [{ rate: '0.2' }] }, 'hold', 'is not a plan field'],
  ])('refuses %j naming %s', (plan, path, message) => {
    const result = parsePlan(plan);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors).toContainEqual({ path, message: expect.stringContaining(message) });
  });

  it('the most specific matching rule wins; ties go to the first listed', () => {
    const plan = {
      rates: [
        { rate: '0.10' },
        { tier: 'gold' as const, rate: '0.30' },
        { partnerType: 'reseller' as const, rate: '0.15' },
        { tier: 'gold' as const, partnerType: 'reseller' as const, rate: '0.35' },
        { tier: 'gold' as const, conversionType: 'invoice.paid' as const, rate: '0.05' },
      ],
    };
    const rate = (tier: 'registered' | 'gold', partnerType: 'reseller' | 'affiliate', conversionType: 'deal.closed_won' | 'invoice.paid') =>
      selectRateRule(plan, { tier, partnerType, conversionType })?.rate;
    expect(rate('registered', 'affiliate', 'deal.closed_won')).toBe('0.10');
    expect(rate('gold', 'affiliate', 'deal.closed_won')).toBe('0.30');
    expect(rate('registered', 'reseller', 'deal.closed_won')).toBe('0.15');
    expect(rate('gold', 'reseller', 'deal.closed_won')).toBe('0.35');
    expect(rate('gold', 'affiliate', 'invoice.paid')).toBe('0.05');
    expect(rate('gold', 'reseller', 'invoice.paid')).toBe('0.35');
    expect(
      selectRateRule({ rates: [{ tier: 'gold', rate: '0.3' }] }, { tier: 'silver', partnerType: null, conversionType: 'invoice.paid' }),
    ).toBeUndefined();
  });

  it.each([
    ['silver', '1000.00', '1', 'USD', '250.00'],
    ['registered', '0.13', '1', 'USD', '0.03'],
    ['registered', '0.12', '1', 'USD', '0.02'],
    ['gold', '1001', '1', 'JPY', '300'],
    ['gold', '1005', '1', 'JPY', '302'],
  ] as const)('%s rate on %s (weight %s) %s is %s, rounded half-even once', (tier, revenue, weight, currency, expected) => {
    expect(
      commissionForCredit(
        DEFAULT_PLAN,
        { tier, partnerType: 'affiliate', conversionType: 'deal.closed_won' },
        { revenue, weight },
        currency,
      )?.amount,
    ).toBe(expected);
  });

  it('a flat amount is apportioned by weight and added before rounding', () => {
    const plan = { rates: [{ rate: '0.10', flat: { USD: '100.00' } }] };
    expect(
      commissionForCredit(
        plan,
        { tier: 'registered', partnerType: null, conversionType: 'deal.closed_won' },
        { revenue: '333.33', weight: '0.3333333333' },
        'USD',
      ),
    ).toEqual({
      amount: '66.67',
      rate: '0.1',
      flat: '100.00',
    });
    expect(
      commissionForCredit(
        plan,
        { tier: 'registered', partnerType: null, conversionType: 'deal.closed_won' },
        { revenue: '10', weight: '1' },
        'EUR',
      )?.amount,
    ).toBe('1.00');
  });
});

describe('tier program default-v1', () => {
  const stats = (sourcedConversions: number, certifications: string[], usd = '0') => ({
    sourcedConversions,
    certifications,
    creditedRevenue: { USD: usd, EUR: '1000000' },
  });

  it.each([
    [stats(2, ['c']), undefined],
    [stats(3, []), undefined],
    [stats(3, ['c']), 'silver'],
    [stats(10, [], '49999.99'), undefined],
    [stats(10, [], '50000.00'), 'gold'],
    [stats(10, ['c'], '50000'), 'gold'],
  ])('%j reaches %s', (s, tier) => {
    expect(tierReached(DEFAULT_TIER_PROGRAM, 'registered', s)?.tier).toBe(tier);
  });

  it('never demotes and never re-announces the tier held', () => {
    expect(tierReached(DEFAULT_TIER_PROGRAM, 'gold', stats(3, ['c']))).toBeUndefined();
    expect(tierReached(DEFAULT_TIER_PROGRAM, 'silver', stats(3, ['c']))).toBeUndefined();
  });

  it('shows progress toward the next tier', () => {
    expect(progressToNextTier(DEFAULT_TIER_PROGRAM, 'silver', stats(4, ['c'], '12000.5'))).toEqual({
      next: 'gold',
      requirements: [
        { metric: 'sourcedConversions', required: '10', actual: '4', met: false },
        { metric: 'creditedRevenue', required: '50000.00', actual: '12000.50', currency: 'USD', met: false },
      ],
    });
    expect(progressToNextTier(DEFAULT_TIER_PROGRAM, 'gold', stats(40, []))).toEqual({ next: null, requirements: [] });
  });
});
