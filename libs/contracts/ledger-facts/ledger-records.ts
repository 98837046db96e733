import type { MoneyJson } from '@ledger/kernel';
import type { LineCause } from './line-cause';
import type { Tier } from './tiers';

/*
 * Facts the ledger itself records (source `partner-ledger`, which upstream may not use): finance's
 * commands become events first, so the ledger is a pure fold of the store and a rebuild replays them.
 */
export const PAYOUT_RUN_SCHEDULED = 'payout.run_scheduled';

export const ADJUSTMENT_RECORDED = 'adjustment.recorded';

export const PARTNER_TIER_CHANGED = 'partner.tier_changed';

/** Who asked: the API key's id (a fingerprint, never the key) and its role. */
export interface Actor {
  keyId: string;
  role: string;
}

export interface ScheduledPayout {
  payoutId: string;
  partnerId: string;
  amount: MoneyJson;
}

export interface PayoutRunScheduledData {
  runId: string;
  /** Business time up to which commissions had to be payable. */
  asOf: string;
  minimum: Record<string, string>;
  requestedBy: Actor;
  payouts: ScheduledPayout[];
}

export interface AdjustmentRecordedData {
  adjustmentId: string;
  partnerId: string;
  /** Signed: negative takes money from the partner. */
  amount: MoneyJson;
  reason: string;
  actor: Actor;
}

export interface TierChange {
  from: Tier | null;
  to: Tier;
  /** Business time from which the tier is in force. */
  at: string;
  reason: string;
  cause: LineCause;
}

export interface PartnerTierChangedData extends TierChange {
  partnerId: string;
  programVersion: string;
}
