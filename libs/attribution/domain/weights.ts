import { Dec, Rational } from '@ledger/kernel';

/** Weights are decimal strings with at most this many decimals (display only: shares stay exact). */
export const WEIGHT_DECIMALS = 10;

export interface Share {
  partnerId: string;
  /** The exact (unrounded) amount owed to the partner. */
  exact: Rational;
  /** What "largest weight" means when the rounding remainder is handed out: the exact share. */
  rank: Rational;
}

/**
 * Rounds each exact share half-even to `decimals` places, then hands the difference to the total to
 * the partner with the largest rank (ties: lexicographically smallest partnerId), so the result sums
 * exactly to `total`. Ranks are exact fractions, so six equal linear shares tie whatever digits their
 * weights are shown with. When the rounding overshoots by more than that partner holds (possible with
 * many tiny shares), the excess is taken from the next partners in the same order, never below zero.
 */
export function apportion(total: Rational, shares: Share[], decimals: number): Map<string, Dec> {
  // A lone share is the whole total whatever the rounding (the common single-partner case, kept cheap).
  if (shares.length === 1) return new Map([[shares[0].partnerId, total.round(decimals)]]);
  if (total.isNegative()) {
    // Mirror image of the positive case, so a negative amount splits like its absolute value.
    const negate = (value: Rational) => Rational.ZERO.minus(value);
    const mirrored = apportion(
      negate(total),
      shares.map((share) => ({ ...share, exact: negate(share.exact) })),
      decimals,
    );
    for (const [partnerId, value] of mirrored) mirrored.set(partnerId, value.negated());
    return mirrored;
  }
  const rounded = new Map<string, Dec>();
  let sum = new Dec(0);
  for (const share of shares) {
    const value = share.exact.round(decimals);
    rounded.set(share.partnerId, value);
    sum = sum.plus(value);
  }
  let remainder = total.round(decimals).minus(sum);
  if (remainder.isZero()) return rounded;
  const order = [...shares].sort((a, b) => b.rank.compare(a.rank) || compareIds(a.partnerId, b.partnerId));
  for (const share of order) {
    const value = rounded.get(share.partnerId) as Dec;
    // A positive remainder goes entirely to the first partner; a negative one is absorbed as far as each can.
    const adjustment = remainder.isPositive() ? remainder : Dec.max(remainder, value.negated());
    rounded.set(share.partnerId, value.plus(adjustment));
    remainder = remainder.minus(adjustment);
    if (remainder.isZero()) break;
  }
  return rounded;
}

/** Code-unit order, independent of the locale (localeCompare is not). */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Exact shares (score / sum of scores, as fractions) of positive per-partner scores. */
export function exactShares(scores: Map<string, Rational>): Map<string, Rational> {
  let sum = Rational.ZERO;
  for (const score of scores.values()) sum = sum.plus(score);
  const shares = new Map<string, Rational>();
  if (sum.isZero()) return shares;
  for (const [partnerId, score] of scores) shares.set(partnerId, score.dividedBy(sum));
  return shares;
}

/**
 * Rounds exact shares (summing to 1) to weights with at most WEIGHT_DECIMALS decimals that sum to
 * exactly 1. Partners whose weight rounds to 0 are left out.
 */
export function roundWeights(shares: Map<string, Rational>): Map<string, Dec> {
  if (shares.size === 0) return new Map();
  const weights = apportion(
    Rational.ONE,
    [...shares].map(([partnerId, exact]) => ({ partnerId, exact, rank: exact })),
    WEIGHT_DECIMALS,
  );
  for (const [partnerId, weight] of weights) if (weight.isZero()) weights.delete(partnerId);
  return weights;
}

/** "0.5", "1", "0.3333333334": plain notation, trailing zeros trimmed. */
export function formatWeight(weight: Dec): string {
  return weight.toFixed();
}
