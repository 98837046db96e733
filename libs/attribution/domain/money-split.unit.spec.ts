import fc from 'fast-check';
import { Dec, Rational } from '@ledger/kernel';
import { splitRevenue } from './money-split';
import { apportion, roundWeights, exactShares } from './weights';

/** Shares from integer (or fraction) scores, the way a click model hands them over. */
const sharesOf = (scores: Record<string, string>) =>
  exactShares(new Map(Object.entries(scores).map(([id, score]) => [id, Rational.parse(score)])));
const split = (amount: string, currency: string, scores: Record<string, string>) => {
  const shares = sharesOf(scores);
  return splitRevenue({ amount, currency }, roundWeights(shares), shares);
};
const view = (credits: { partnerId: string; revenue: string }[]) => credits.map((c) => `${c.partnerId}:${c.revenue}`).join(' ');

describe('splitRevenue', () => {
  test.each([
    [
      '100.00 USD over 3 equal shares: tie, smallest id',
      '100.00',
      'USD',
      { 'P-1': '1', 'P-2': '1', 'P-3': '1' },
      'P-1:33.34 P-2:33.33 P-3:33.33',
    ],
    [
      'the remainder goes to the largest share, not the smallest id',
      '100.00',
      'USD',
      { 'P-1': '333', 'P-2': '334', 'P-3': '333' },
      'P-1:33.30 P-2:33.40 P-3:33.30',
    ],
    ['the remainder cent goes to the largest share', '0.10', 'USD', { 'P-1': '1', 'P-2': '2' }, 'P-1:0.03 P-2:0.07'],
    // SPEC §3: six equal linear shares tie, so P1 absorbs the rounding (6 × 16.67 = 100.02).
    [
      '100.00 USD over six equal shares: P1 gets 16.65',
      '100.00',
      'USD',
      { P1: '1', P2: '1', P3: '1', P4: '1', P5: '1', P6: '1' },
      'P1:16.65 P2:16.67 P3:16.67 P4:16.67 P5:16.67 P6:16.67',
    ],
    [
      'seven equal shares: P1 absorbs',
      '100.00',
      'USD',
      { P1: '1', P2: '1', P3: '1', P4: '1', P5: '1', P6: '1', P7: '1' },
      'P1:14.26 P2:14.29 P3:14.29 P4:14.29 P5:14.29 P6:14.29 P7:14.29',
    ],
    ['JPY, no minor digits', '1000', 'JPY', { A: '1', B: '1' }, 'A:500 B:500'],
    ['JPY, odd amount: half-even, remainder to smallest id', '1001', 'JPY', { A: '1', B: '1' }, 'A:501 B:500'],
    ['KWD, three minor digits', '1.000', 'KWD', { A: '1', B: '1', C: '1' }, 'A:0.334 B:0.333 C:0.333'],
    ['half-even rounds 0.025 down to 0.02 and the first absorbs the difference', '0.05', 'USD', { A: '1', B: '1' }, 'A:0.03 B:0.02'],
    [
      'overshoot larger than the largest share is taken, never below 0',
      '0.03',
      'USD',
      { A: '1', B: '1', C: '1', D: '1', E: '1' },
      'A:0.00 B:0.00 C:0.01 D:0.01 E:0.01',
    ],
    [
      'several remainder cents go to one partner',
      '0.04',
      'USD',
      { A: '1', B: '1', C: '1', D: '1', E: '1', F: '1', G: '1', H: '1', I: '1', J: '1' },
      'A:0.04 B:0.00 C:0.00 D:0.00 E:0.00 F:0.00 G:0.00 H:0.00 I:0.00 J:0.00',
    ],
    ['zero amount', '0.00', 'USD', { A: '1', B: '1' }, 'A:0.00 B:0.00'],
  ])('%s', (_case, amount, currency, scores, expected) => {
    const credits = split(amount, currency, scores);
    expect(view(credits)).toBe(expected);
    expect(credits.reduce((sum, c) => sum.plus(c.revenue), new Dec(0)).equals(amount)).toBe(true);
  });

  it('records the exact share beside the rounded weight', () => {
    const credits = split('100.00', 'USD', { P1: '1', P2: '1', P3: '1', P4: '1', P5: '1', P6: '1' });
    expect(credits.map((c) => `${c.weight}=${c.share}`)).toEqual(['0.1666666665=1/6', ...Array(5).fill('0.1666666667=1/6')]);
  });

  it('credits nobody without weights', () => {
    expect(splitRevenue({ amount: '10.00', currency: 'USD' }, new Map(), new Map())).toEqual([]);
  });
});

describe('weights', () => {
  it('round to 10 decimals and sum to exactly 1, the extra unit to the largest exact share', () => {
    const rounded = roundWeights(sharesOf({ 'P-2': '2', 'P-1': '1' }));
    expect([...rounded].map(([id, w]) => `${id}:${w.toFixed()}`)).toEqual(['P-2:0.6666666667', 'P-1:0.3333333333']);
  });

  it('drops partners whose weight rounds to 0', () => {
    const rounded = roundWeights(sharesOf({ A: '1', B: '0.00000000001' }));
    expect([...rounded.keys()]).toEqual(['A']);
    expect(rounded.get('A')?.toFixed()).toBe('1');
  });

  it('apportion mirrors negative totals', () => {
    const half = Rational.parse('1/2');
    const result = apportion(
      Rational.parse('-0.05'),
      [
        { partnerId: 'A', exact: Rational.parse('-0.025'), rank: half },
        { partnerId: 'B', exact: Rational.parse('-0.025'), rank: half },
      ],
      2,
    );
    expect([...result].map(([id, v]) => `${id}:${v.toFixed(2)}`)).toEqual(['A:-0.03', 'B:-0.02']);
  });
});

/**
 * A plain model of SPEC §3's money split in integers only: minor units × score ÷ total score,
 * rounded half-even; the difference to the amount to the largest score (ties: smallest id), a
 * negative difference absorbed down that order without going below zero.
 */
function modelSplit(amountMinor: bigint, scores: Array<[string, bigint]>): Map<string, bigint> {
  const total = scores.reduce((sum, [, score]) => sum + score, 0n);
  const rounded = new Map<string, bigint>();
  for (const [id, score] of scores) {
    const numerator = amountMinor * score;
    const floor = numerator / total;
    const twice = 2n * (numerator - floor * total);
    rounded.set(id, floor + (twice > total || (twice === total && floor % 2n === 1n) ? 1n : 0n));
  }
  let remainder = amountMinor - [...rounded.values()].reduce((a, b) => a + b, 0n);
  const order = [...scores].sort(([a, x], [b, y]) => (x === y ? (a < b ? -1 : 1) : x > y ? -1 : 1));
  for (const [id] of order) {
    if (remainder === 0n) break;
    const value = rounded.get(id) as bigint;
    const adjustment = remainder > 0n ? remainder : -value > remainder ? -value : remainder;
    rounded.set(id, value + adjustment);
    remainder -= adjustment;
  }
  return rounded;
}

describe('weights and money split (random shares)', () => {
  const ids = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L'];
  const scores = fc.uniqueArray(
    fc.tuple(fc.constantFrom(...ids), fc.oneof(fc.constant(1), fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 1_000_000 }))),
    {
      minLength: 1,
      maxLength: 12,
      selector: ([id]) => id,
    },
  );
  const money = fc.tuple(
    fc.constantFrom(['USD', 2] as const, ['JPY', 0] as const, ['KWD', 3] as const),
    fc.oneof(fc.bigInt(0n, 30n), fc.bigInt(0n, 10n ** 9n), fc.bigInt(0n, 10n ** 17n)),
  );

  it('equals the integer model; weights sum to 1, revenues to the amount, none negative', () => {
    fc.assert(
      fc.property(scores, money, (entries, [[currency, digits], minor]) => {
        const shares = exactShares(new Map(entries.map(([id, score]) => [id, Rational.of(BigInt(score))])));
        const weights = roundWeights(shares);
        expect([...weights.values()].reduce((sum, w) => sum.plus(w), new Dec(0)).toFixed()).toBe('1');
        const amount = Rational.of(minor, 10n ** BigInt(digits))
          .round(digits)
          .toFixed(digits);
        const credits = splitRevenue({ amount, currency }, weights, shares);
        expect(credits.reduce((sum, c) => sum.plus(c.revenue), new Dec(0)).equals(amount)).toBe(true);
        for (const credit of credits) expect(new Dec(credit.revenue).greaterThanOrEqualTo(0)).toBe(true);
        // Every partner keeps a weight here (integer scores ≤ 10^6 over ≤ 12 partners), so the model splits over all.
        const model = modelSplit(
          minor,
          entries.map(([id, score]) => [id, BigInt(score)]),
        );
        for (const credit of credits)
          expect(new Dec(credit.revenue).times(new Dec(10).pow(digits)).toFixed()).toBe((model.get(credit.partnerId) as bigint).toString());
      }),
      { numRuns: 3000 },
    );
  });
});
