import { Dec, Rational } from '@ledger/kernel';
import type { AttributionPolicy } from '@ledger/contracts';
import type { Touch } from './touch';
import { DAY_MS } from '@ledger/kernel';

export interface ModelResult {
  /** Unnormalised score per partner (only the ratios matter), exact. */
  scores: Map<string, Rational>;
  /** Per click (same order as the input): null when the click earns part of the credit, else why not. */
  lostReasons: (string | null)[];
  /** Per click: a short explanation of what the click earned. */
  wonReasons: string[];
}

/**
 * Weighs the qualifying clicks (sorted by business time, then global position) under the policy's model.
 * Ties in time are broken by global order: last_click takes the later click, first_click the earlier.
 */
export function weighClicks(clicks: Touch[], conversionAt: number, policy: AttributionPolicy): ModelResult {
  switch (policy.model) {
    case 'last_click':
      return single(clicks, clicks.length - 1, 'last_click', 'a later click');
    case 'first_click':
      return single(clicks, 0, 'first_click', 'an earlier click');
    case 'linear':
      return linear(clicks);
    case 'position_based':
      return perClick(
        clicks,
        positionWeights(clicks.length, policy),
        (weight, index) => `position_based: ${positionName(index, clicks.length)} click, weight ${showWeight(weight)}`,
      );
    case 'time_decay':
      return perClick(
        clicks,
        decayWeights(clicks, conversionAt, policy.halfLifeDays),
        (weight, index) =>
          `time_decay: ${ageDays(clicks[index], conversionAt).toSignificantDigits(6).toString()} days old, score ${weight.toSignificantDigits(6).toString()} before normalising`,
      );
  }
}

function single(clicks: Touch[], winner: number, model: string, rival: string): ModelResult {
  const win = clicks[winner];
  const partnerId = win.partnerId as string;
  return {
    scores: new Map([[partnerId, Rational.ONE]]),
    lostReasons: clicks.map((_, index) =>
      index === winner ? null : `${rival} (${win.reference} by partner ${partnerId}) wins under ${model}`,
    ),
    wonReasons: clicks.map(() => `${model === 'last_click' ? 'last' : 'first'} qualifying click wins under ${model}`),
  };
}

/** Equal weight per distinct partner, however many clicks each has. */
function linear(clicks: Touch[]): ModelResult {
  const partners = new Set(clicks.map((click) => click.partnerId as string));
  return {
    scores: new Map([...partners].map((partnerId) => [partnerId, Rational.ONE])),
    lostReasons: clicks.map(() => null),
    wonReasons: clicks.map(() => `linear: equal share for each of ${partners.size} partner(s) with qualifying clicks`),
  };
}

function perClick(clicks: Touch[], weights: Rational[], explain: (weight: Rational, index: number) => string): ModelResult {
  const scores = new Map<string, Rational>();
  clicks.forEach((click, index) => {
    const partnerId = click.partnerId as string;
    scores.set(partnerId, (scores.get(partnerId) ?? Rational.ZERO).plus(weights[index]));
  });
  for (const [partnerId, score] of scores) if (score.isZero()) scores.delete(partnerId);
  return {
    scores,
    lostReasons: weights.map((weight) => (weight.isZero() ? 'position_based gives this click weight 0' : null)),
    wonReasons: weights.map((weight, index) => explain(weight, index)),
  };
}

/** One click: 1; two: 1/2 each; more: `first`, `last`, and the rest shared equally by the middle clicks. */
export function positionWeights(count: number, policy: AttributionPolicy): Rational[] {
  if (count === 1) return [Rational.ONE];
  if (count === 2) return [Rational.of(1n, 2n), Rational.of(1n, 2n)];
  const first = Rational.fromDecimal(policy.positionBased.first);
  const last = Rational.fromDecimal(policy.positionBased.last);
  const middle = Rational.ONE.minus(first)
    .minus(last)
    .dividedBy(Rational.of(BigInt(count - 2)));
  return Array.from({ length: count }, (_, index) => (index === 0 ? first : index === count - 1 ? last : middle));
}

function positionName(index: number, count: number): string {
  return count <= 2
    ? count === 1
      ? 'only'
      : index === 0
        ? 'first'
        : 'last'
    : index === 0
      ? 'first'
      : index === count - 1
        ? 'last'
        : 'middle';
}

/** Significant digits of a time_decay score: 2^(-x) is irrational, the one value that cannot be exact. */
const DECAY_DIGITS = 40;
const DecayDec = Dec.clone({ precision: DECAY_DIGITS + 10 });

/**
 * 2^(-ageDays / halfLifeDays), ageDays fractional: (conversion - click) / 86,400,000 ms, computed to
 * 40 significant digits and then used as an exact fraction, so every later step is exact.
 */
export function decayWeights(clicks: Touch[], conversionAt: number, halfLifeDays: number): Rational[] {
  return clicks.map((click) => {
    const exponent = new DecayDec(conversionAt - click.at).dividedBy(DAY_MS).dividedBy(halfLifeDays).negated();
    return Rational.fromDecimal(new DecayDec(2).pow(exponent).toSignificantDigits(DECAY_DIGITS).toFixed());
  });
}

function showWeight(weight: Rational): string {
  return weight.round(10).toFixed();
}

function ageDays(click: Touch, conversionAt: number): Dec {
  return new Dec(conversionAt - click.at).dividedBy(DAY_MS);
}
