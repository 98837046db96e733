import { TIERS, Tier } from '@ledger/contracts';


export function tierRank(tier: Tier): number {
  return TIERS.indexOf(tier);
}

export function isTier(value: unknown): value is Tier {
  return TIERS.includes(value as Tier);
}
