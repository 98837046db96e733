import { seededRandom } from './seeded-random';

/**
 * The seeded choices the generator makes. Every decision goes through one instance in a fixed
 * order, so the same seed gives the same program; `derive` gives an independent stream for a
 * labelled sub-decision (e.g. one month's payout outcomes) that does not shift the main stream.
 */
export class RandomSource {
  private readonly next: () => number;

  constructor(readonly seed: number) {
    this.next = seededRandom(seed);
  }

  /** An independent source for `label`, fixed by this seed (FNV-1a of the label mixed into it). */
  static derive(seed: number, label: string): RandomSource {
    let hash = 0x811c9dc5 ^ (seed >>> 0);
    for (let i = 0; i < label.length; i++) hash = Math.imul(hash ^ label.charCodeAt(i), 0x01000193) >>> 0;
    return new RandomSource(hash >>> 0);
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.next();
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Uniform integer in [min, max], both included. */
  between(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('cannot pick from an empty list');
    return items[this.int(items.length)];
  }

  /** One item, each with probability proportional to its weight. */
  weighted<T>(entries: ReadonlyArray<readonly [T, number]>): T {
    const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
    let roll = this.next() * total;
    for (const [item, weight] of entries) {
      roll -= weight;
      if (roll < 0) return item;
    }
    return entries[entries.length - 1][0];
  }

  /** A whole count whose average is `mean` (the fraction is rounded up with that probability). */
  count(mean: number): number {
    const whole = Math.floor(mean);
    return whole + (this.chance(mean - whole) ? 1 : 0);
  }

  /** A whole second in [from, to) (epoch milliseconds); `from` when the range is empty. */
  instant(from: number, to: number): number {
    const first = Math.ceil(from / 1000);
    const seconds = Math.floor((to - 1) / 1000) - first + 1;
    return 1000 * (seconds > 0 ? first + this.int(seconds) : first);
  }

  shuffle<T>(items: readonly T[]): T[] {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    return copy;
  }
}
