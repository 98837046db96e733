/** Partner tiers in ascending order; a partner only ever moves up (no automatic demotion). */
export const TIERS = ['registered', 'silver', 'gold'] as const;
export type Tier = (typeof TIERS)[number];

export function tierRank(tier: Tier): number {
  return TIERS.indexOf(tier);
}

export function isTier(value: unknown): value is Tier {
  return TIERS.includes(value as Tier);
}
