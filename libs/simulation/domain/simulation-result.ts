import type { Tier } from '@ledger/contracts';
import type { PartnerBalance } from '@ledger/ledger/domain';
import type { RiskWhatIfResult } from './risk-what-if';

/** One step of a partner's tier history: the tier in force from business time `at`. */
export interface TierStep {
  tier: Tier;
  at: string;
}

/** A partner whose tier history the candidate changes (promotions gained, lost or dated differently). */
export interface TierDiff {
  partnerId: string;
  currentTier: Tier;
  simulatedTier: Tier;
  currentHistory: TierStep[];
  simulatedHistory: TierStep[];
}

/** One partner's credit on a conversion, with the commission booked (current) or that would be (simulated). */
export interface SimulatedCredit {
  partnerId: string;
  weight: string;
  revenue: string;
  /** null when the plan has no rate for the partner. */
  commission: string | null;
}

export interface ConversionDiff {
  conversionId: string;
  conversionTime: string;
  currency: string;
  amount: string;
  current: SimulatedCredit[];
  simulated: SimulatedCredit[];
}

export interface PartnerDiff {
  partnerId: string;
  currency: string;
  currentRevenue: string;
  simulatedRevenue: string;
  currentCommission: string;
  simulatedCommission: string;
  commissionDelta: string;
  /** Clawbacks of refunds on the compared conversions, under each side. */
  currentClawedBack: string;
  simulatedClawedBack: string;
  /** The partner's balance in this currency at `asOf` now, and as it would be right after adopting the candidate. */
  currentBalance: PartnerBalance | null;
  simulatedBalance: PartnerBalance | null;
}

export interface CurrencyTotal {
  currency: string;
  currentRevenue: string;
  simulatedRevenue: string;
  currentCommission: string;
  simulatedCommission: string;
  commissionDelta: string;
}

export interface SimulationResult {
  /** The candidate policy; null when only the plan was simulated, or a retraction. */
  policyVersion: string | null;
  /** The adoption whose retraction was simulated, or null. */
  retract: string | null;
  planVersion: string;
  from: string | null;
  to: string | null;
  asOf: string | null;
  eventsRead: number;
  conversionsCompared: number;
  conversionsChanged: number;
  partners: PartnerDiff[];
  totals: CurrencyTotal[];
  /** Only the conversions whose credits or commissions differ, in conversion order. */
  conversions: ConversionDiff[];
  /** Only the partners whose tier history differs, by partnerId. */
  tiers: TierDiff[];
  /** With a candidate risk policy: what it would have held next to the recorded flags; else null. */
  risk: RiskWhatIfResult | null;
}
