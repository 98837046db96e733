import { DEFAULT_PLAN, DEFAULT_TIER_PROGRAM, type CommissionPlan, type TierProgram } from '@ledger/commission';

export interface LedgerOptions {
  plan: CommissionPlan;
  tierProgram: TierProgram;
}

export const DEFAULT_LEDGER_OPTIONS: Readonly<LedgerOptions> = Object.freeze({ plan: DEFAULT_PLAN, tierProgram: DEFAULT_TIER_PROGRAM });
