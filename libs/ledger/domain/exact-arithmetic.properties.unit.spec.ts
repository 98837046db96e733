import fc from 'fast-check';
import { Rational } from '@ledger/kernel';
import { splitRevenue } from '@ledger/attribution/domain';
import { exactShares, roundWeights } from '@ledger/attribution/domain';
import type { LedgerOptions } from './ledger-options';
import { LedgerHistory, T0, plusDays } from './testing/ledger-history';

/*
 * SPEC §3/§4 "exactly": shares, revenue splits and clawback fractions are computed exactly and rounded
 * once. The model below uses nothing but integers (minor units, BigInt): if any step of the product
 * rounded early, some case here would disagree by a cent.
 */

const D = (days: number) => plusDays(T0, days);

/** Half-even rounding of num/den to an integer (den > 0). */
function roundHalfEven(num: bigint, den: bigint): bigint {
  const floor = num / den - (num % den !== 0n && num < 0n ? 1n : 0n);
  const twice = 2n * (num - floor * den);
  return floor + (twice > den || (twice === den && floor % 2n !== 0n) ? 1n : 0n);
}

/** SPEC §3's split in minor units: round each share, the difference to the largest score (ties: smallest id). */
function modelSplit(amount: bigint, scores: Array<[string, bigint]>): Map<string, bigint> {
  const total = scores.reduce((sum, [, score]) => sum + score, 0n);
  const split = new Map(scores.map(([id, score]) => [id, roundHalfEven(amount * score, total)]));
  let rest = amount - [...split.values()].reduce((a, b) => a + b, 0n);
  for (const [id] of [...scores].sort(([a, x], [b, y]) => (x === y ? (a < b ? -1 : 1) : x > y ? -1 : 1))) {
    const value = split.get(id) as bigint;
    const step = rest > 0n ? rest : rest < -value ? -value : rest;
    split.set(id, value + step);
    rest -= step;
  }
  return split;
}

const decimal = (minor: bigint, digits: number) => {
  const negative = minor < 0n;
  const text = (negative ? -minor : minor).toString().padStart(digits + 1, '0');
  return (negative ? '-' : '') + (digits === 0 ? text : `${text.slice(0, -digits)}.${text.slice(-digits)}`);
};

describe('exact arithmetic against an integer model', () => {
  it('revenue splits, commissions and every clawback of random refunds are exact to the minor unit', () => {
    const partnerIds = ['P-1', 'P-2', 'P-3', 'P-4', 'P-5', 'P-6', 'P-7'];
    fc.assert(
      fc.property(
        fc.constantFrom(['USD', 2] as const, ['JPY', 0] as const, ['KWD', 3] as const),
        // Up to 15 integer digits, often tiny so half-cents are common.
        fc.oneof(fc.bigInt(1n, 200n), fc.bigInt(1n, 10n ** 9n), fc.bigInt(1n, 10n ** 18n - 1n)),
        fc.integer({ min: 1, max: 7 }),
        fc.oneof(fc.constant('equal' as const), fc.array(fc.bigInt(1n, 1000n), { minLength: 7, maxLength: 7 })),
        fc.array(fc.integer({ min: 1, max: 60 }), { minLength: 1, maxLength: 5 }),
        ([currency, digits], amountMinor, count, weighting, refundPercents) => {
          const scores: Array<[string, bigint]> = partnerIds
            .slice(0, count)
            .map((id, index) => [id, weighting === 'equal' ? 1n : weighting[index]]);
          const shares = exactShares(new Map(scores.map(([id, score]) => [id, Rational.of(score)])));
          const amount = decimal(amountMinor, digits);
          const credits = splitRevenue({ amount, currency }, roundWeights(shares), shares);
          const split = modelSplit(
            amountMinor,
            scores.filter(([id]) => credits.some((credit) => credit.partnerId === id)),
          );
          for (const credit of credits) expect(credit.revenue).toBe(decimal(split.get(credit.partnerId) as bigint, digits));

          const history = new LedgerHistory();
          for (const [id] of scores) history.enroll(id);
          history.decide('C-1', amount, D(1), credits, { currency });
          const refunds = refundPercents.map((percent) => (amountMinor * BigInt(percent)) / 100n).filter((minor) => minor > 0n);
          refunds.forEach((minor, index) => history.refund('C-1', decimal(minor, digits), D(2 + index), { currency }));
          const { lines } = history.run();

          for (const credit of credits) {
            // 20 % of the credited revenue, rounded once; then each refund claws back commission × refunded ÷ amount, rounded once.
            const commission = roundHalfEven((split.get(credit.partnerId) as bigint) * 20n, 100n);
            const mine = lines.filter((line) => line.partnerId === credit.partnerId && line.account === 'partner_commission');
            expect(mine.filter((line) => line.kind === 'accrual').map((line) => line.credit)).toEqual(
              commission === 0n ? [] : [decimal(commission, digits)],
            );
            let refunded = 0n;
            let clawed = 0n;
            const expected: string[] = [];
            for (const minor of refunds) {
              refunded += minor;
              const target = roundHalfEven(commission * (refunded < amountMinor ? refunded : amountMinor), amountMinor);
              if (target > clawed) expected.push(decimal(target - clawed, digits));
              if (target > clawed) clawed = target;
            }
            expect(mine.filter((line) => line.kind === 'clawback').map((line) => line.debit)).toEqual(expected);
          }
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('issue 13, error 2: a 0.18 refund of a 1.04 USD sale earning 0.26 claws back 0.04 (0.045 exactly, half-even)', () => {
    const history = new LedgerHistory()
      .enroll('P-1')
      .decide('C-1', '1.04', D(1), [{ partnerId: 'P-1', weight: '1', revenue: '1.04' }])
      .refund('C-1', '0.18', D(2));
    const { lines } = history.run(silverPlan());
    expect(lines.filter((line) => line.account === 'partner_commission').map((line) => [line.kind, line.credit, line.debit])).toEqual([
      ['accrual', '0.26', '0.00'],
      ['clawback', '0.00', '0.04'],
    ]);
  });
});

/** The silver rate for everyone, so a 1.04 USD sale earns 0.26. */
function silverPlan(): LedgerOptions {
  return {
    plan: { version: 'silver-25', holdDays: 30, recurringMonths: 12, rates: [{ rate: '0.25' }] },
    tierProgram: { version: 'none', requirements: [] },
  };
}
