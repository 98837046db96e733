/** Partner tiers in ascending order; a partner only ever moves up (no automatic demotion). */
export const TIERS = ['registered', 'silver', 'gold'] as const;

export type Tier = (typeof TIERS)[number];
