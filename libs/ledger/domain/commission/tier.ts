import { TIERS, type Tier } from '@ledger/contracts';

export function tierRank(tier: Tier): number {
  return TIERS.indexOf(tier);
}
