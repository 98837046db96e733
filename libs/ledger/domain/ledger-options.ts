import { DEFAULT_PLAN, type CommissionPlan } from './commission/commission-plan';
import { DEFAULT_TIER_PROGRAM, type TierProgram } from './commission/tier-program';

export interface LedgerOptions {
  plan: CommissionPlan;
  tierProgram: TierProgram;
}

export const DEFAULT_LEDGER_OPTIONS: Readonly<LedgerOptions> = Object.freeze({ plan: DEFAULT_PLAN, tierProgram: DEFAULT_TIER_PROGRAM });
