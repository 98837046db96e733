import { DEFAULT_PLAN, type CommissionPlan } from './commission/commission-plan';
import { DEFAULT_TIER_PROGRAM, type TierProgram } from './commission/tier-program';

export interface LedgerOptions {
  plan: CommissionPlan;
  tierProgram: TierProgram;
  /**
   * Chain the lines (default). A replay whose lines are never stored (a simulation) turns it off:
   * the lines then carry no hash, which is most of what booking a line costs.
   */
  hashLines?: boolean;
}

export const DEFAULT_LEDGER_OPTIONS: Readonly<LedgerOptions> = Object.freeze({ plan: DEFAULT_PLAN, tierProgram: DEFAULT_TIER_PROGRAM });
