import type { ConversionType } from '@ledger/contracts';
import type { PartnerType } from '@ledger/contracts';
import type { CommissionPlan, RateRule } from './commission-plan';
import type { Tier } from '@ledger/contracts';

/** What a rate rule is matched against. `partnerType` is null for a partner never enrolled. */
export interface RateContext {
  tier: Tier;
  partnerType: PartnerType | null;
  conversionType: ConversionType;
}

const MATCH_FIELDS = ['tier', 'partnerType', 'conversionType'] as const;

/** The most specific rule matching the context (ties: the first listed), or undefined. */
export function selectRateRule(plan: Pick<CommissionPlan, 'rates'>, context: RateContext): RateRule | undefined {
  let best: RateRule | undefined;
  let bestSpecificity = -1;
  for (const rule of plan.rates) {
    let specificity = 0;
    let matches = true;
    for (const field of MATCH_FIELDS) {
      if (rule[field] === undefined) continue;
      if (rule[field] !== context[field]) {
        matches = false;
        break;
      }
      specificity += 1;
    }
    if (matches && specificity > bestSpecificity) {
      best = rule;
      bestSpecificity = specificity;
    }
  }
  return best;
}
