import fc from 'fast-check';
import { Dec } from '@ledger/money';
import { splitRevenue } from './money-split';
import { apportion, roundWeights, exactShares } from './weights';

const weights = (entries: Record<string, string>) => new Map(Object.entries(entries).map(([id, w]) => [id, new Dec(w)]));
const view = (credits: { partnerId: string; revenue: string }[]) => credits.map((c) => `${c.partnerId}:${c.revenue}`).join(' ');

describe('splitRevenue', () => {
  test.each([
    ['100.00 USD over 3 equal weights', '100.00', 'USD', { 'P-1': '0.3333333334', 'P-2': '0.3333333333', 'P-3': '0.3333333333' }, 'P-1:33.34 P-2:33.33 P-3:33.33'],
    ['the remainder goes to the largest weight, not the smallest id', '100.00', 'USD', { 'P-1': '0.3333333333', 'P-2': '0.3333333334', 'P-3': '0.3333333333' }, 'P-1:33.33 P-2:33.34 P-3:33.33'],
    ['JPY, no minor digits', '1000', 'JPY', { A: '0.5', B: '0.5' }, 'A:500 B:500'],
    ['JPY, odd amount: half-even, remainder to smallest id', '1001', 'JPY', { A: '0.5', B: '0.5' }, 'A:501 B:500'],
    ['KWD, three minor digits', '1.000', 'KWD', { A: '0.3333333334', B: '0.3333333333', C: '0.3333333333' }, 'A:0.334 B:0.333 C:0.333'],
    ['half-even rounds 0.025 down to 0.02 and the largest absorbs the difference', '0.05', 'USD', { A: '0.5', B: '0.5' }, 'A:0.03 B:0.02'],
    ['overshoot larger than the largest share is taken, never below 0', '0.03', 'USD', { A: '0.2', B: '0.2', C: '0.2', D: '0.2', E: '0.2' }, 'A:0.00 B:0.00 C:0.01 D:0.01 E:0.01'],
    ['several remainder cents go to one partner', '0.04', 'USD', { A: '0.1', B: '0.1', C: '0.1', D: '0.1', E: '0.1', F: '0.1', G: '0.1', H: '0.1', I: '0.1', J: '0.1' }, 'A:0.04 B:0.00 C:0.00 D:0.00 E:0.00 F:0.00 G:0.00 H:0.00 I:0.00 J:0.00'],
    ['zero amount', '0.00', 'USD', { A: '0.5', B: '0.5' }, 'A:0.00 B:0.00'],
  ])('%s', (_case, amount, currency, w, expected) => {
    const credits = splitRevenue({ amount, currency }, weights(w));
    expect(view(credits)).toBe(expected);
    expect(credits.reduce((sum, c) => sum.plus(c.revenue), new Dec(0)).equals(amount)).toBe(true);
  });

  it('credits nobody without weights', () => {
    expect(splitRevenue({ amount: '10.00', currency: 'USD' }, new Map())).toEqual([]);
  });
});

describe('weights', () => {
  it('round to 10 decimals and sum to exactly 1, the extra unit to the largest exact share', () => {
    const rounded = roundWeights(exactShares(weights({ 'P-2': '2', 'P-1': '1' })));
    expect([...rounded].map(([id, w]) => `${id}:${w.toFixed()}`)).toEqual(['P-2:0.6666666667', 'P-1:0.3333333333']);
  });

  it('drops partners whose weight rounds to 0', () => {
    const rounded = roundWeights(exactShares(weights({ A: '1', B: '0.00000000001' })));
    expect([...rounded.keys()]).toEqual(['A']);
    expect(rounded.get('A')?.toFixed()).toBe('1');
  });

  it('apportion mirrors negative totals', () => {
    const result = apportion(new Dec('-0.05'), [
      { partnerId: 'A', exact: new Dec('-0.025'), rank: new Dec('0.5') },
      { partnerId: 'B', exact: new Dec('-0.025'), rank: new Dec('0.5') },
    ], 2);
    expect([...result].map(([id, v]) => `${id}:${v.toFixed(2)}`)).toEqual(['A:-0.03', 'B:-0.02']);
  });
});

describe('weights and money split (random shares)', () => {
  const scores = fc.array(fc.tuple(fc.constantFrom('A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L'), fc.integer({ min: 1, max: 1_000_000 })), { minLength: 1, maxLength: 12 });
  const money = fc.tuple(fc.constantFrom(['USD', 2] as const, ['JPY', 0] as const, ['KWD', 3] as const), fc.oneof(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 1e9 })));

  it('weights sum to 1 and revenues sum to the amount, none negative', () => {
    fc.assert(
      fc.property(scores, money, (entries, [[currency, digits], minor]) => {
        const weights = roundWeights(exactShares(new Map(entries.map(([id, score]) => [id, new Dec(score)]))));
        expect([...weights.values()].reduce((sum, w) => sum.plus(w), new Dec(0)).toFixed()).toBe('1');
        const amount = new Dec(minor).dividedBy(new Dec(10).pow(digits)).toFixed(digits);
        const credits = splitRevenue({ amount, currency }, weights);
        expect(credits.reduce((sum, c) => sum.plus(c.revenue), new Dec(0)).equals(amount)).toBe(true);
        for (const credit of credits) expect(new Dec(credit.revenue).greaterThanOrEqualTo(0)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});
