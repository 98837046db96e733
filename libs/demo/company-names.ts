import type { RandomSource } from './random-source';

const FIRST = [
  'north',
  'blue',
  'bright',
  'silver',
  'cedar',
  'summit',
  'harbor',
  'granite',
  'maple',
  'orbit',
  'pioneer',
  'river',
  'quantum',
  'solar',
  'lumen',
  'atlas',
  'evergreen',
  'falcon',
  'copper',
  'nimbus',
  'vertex',
  'willow',
  'crimson',
  'polar',
];
const SECOND = [
  'wind',
  'stone',
  'field',
  'peak',
  'works',
  'labs',
  'point',
  'bridge',
  'line',
  'forge',
  'gate',
  'wave',
  'craft',
  'logic',
  'path',
  'scale',
  'dock',
  'grid',
  'mark',
  'spark',
  'trail',
  'vista',
  'yard',
  'hub',
];
const TOP_LEVEL = [
  ['com', 70],
  ['io', 12],
  ['co', 8],
  ['net', 5],
  ['de', 3],
  ['fr', 2],
] as const;

const capitalized = (word: string) => word[0].toUpperCase() + word.slice(1);

/**
 * Company names and their web domains, never handing out the same domain twice: each customer
 * or prospect is its own account, and deal conflicts are planned on purpose, not by accident.
 */
export class CompanyNames {
  private readonly taken = new Set<string>();

  constructor(private readonly random: RandomSource) {}

  /** A fresh account: a display name and its domain (e.g. "Cedar Forge", "cedarforge.io"). */
  next(): { name: string; domain: string } {
    for (;;) {
      const first = this.random.pick(FIRST);
      const second = this.random.pick(SECOND);
      const suffix = this.taken.size >= FIRST.length * SECOND.length ? String(this.taken.size) : '';
      const domain = `${first}${second}${suffix}.${this.random.weighted(TOP_LEVEL)}`;
      if (this.taken.has(domain)) continue;
      this.taken.add(domain);
      return { name: `${capitalized(first)} ${capitalized(second)}${suffix ? ` ${suffix}` : ''}`, domain };
    }
  }
}
