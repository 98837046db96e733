import type { AttributionDecision, ConversionType, Credit } from '@ledger/contracts';
import type { Tier } from '@ledger/contracts';
import { emptyStanding, type TierStanding } from './commission/tier-standing';
import type { TierStats } from './commission/tier-program';
import type { PartnerType } from '@ledger/contracts';
import { GENESIS_HASH, type ChainHead } from './hash-chain';
import { KeyedState, type KeyedStateOptions } from '@ledger/kernel';
import type { TierChange } from '@ledger/contracts';
import type { LineCause } from '@ledger/contracts';

/*
 * What the ledger fold remembers between events, as JSON entities (see KeyedState). Nothing else
 * influences a transaction, so a fold resumed from persisted entities equals an uninterrupted one.
 */

export interface PartnerEntity {
  partnerId: string;
  name: string | null;
  partnerType: PartnerType | null;
  enrolledAt: string | null;
  /** The tier the facts known now give (the last change of `history`). */
  tier: Tier;
  /** The tier changes the facts known now add up to, in business-time order, starting with `registered` at enrollment. */
  history: TierChange[];
  /** Promotions that were once in force and that a later fact (an adoption, an earlier-dated fact) withdrew or re-dated. */
  withdrawn?: TierChange[];
  /** Totals toward tiers (for progress reports); derived from `standing`. */
  stats: TierStats;
  /** The facts tiers are judged from (see @ledger/commission tier-standing). */
  standing: TierStanding;
  /** Last link of the partner's hash chain. */
  head: ChainHead;
}

export interface AccrualEntity {
  partnerId: string;
  /** The credited revenue the commission was computed on. */
  revenue?: string;
  /** The decision's policy version and the plan version this accrual was booked under. */
  policyVersion?: string;
  planVersion?: string;
  commission: string;
  tier: Tier;
  rate: string;
  payableAt: string;
  /** Total clawed back so far (positive). */
  clawedBack: string;
}

export interface ConversionEntity {
  conversionId: string;
  conversionType: ConversionType;
  /** The decision's customer (absent on entities written before it was kept). */
  customerId?: string;
  currency: string;
  amount: string;
  conversionTime: string;
  policyVersion: string;
  planVersion: string;
  /** The conversion event the accrued decision was about, and its global position (tiers are judged before it). */
  decidedFor: { source: string; id: string };
  position?: number;
  /** The credits in force (the recorded decision's, or the last revision's). */
  credits?: Credit[];
  /** A revision recorded by a policy change and not yet booked: it is booked when the change is complete. */
  revision?: { adoptionId: string; decision: AttributionDecision; cause: LineCause };
  accruals: AccrualEntity[];
  /** Sum of refunds applied so far. */
  refunded: string;
  /** The refunds applied, in order: a revision re-applies them to the new commission. */
  refunds?: AwaitingRefund[];
  /** Risk holds on partners' commissions on this conversion (SPEC §9), at most one per partner, in flag order. */
  holds?: HoldEntity[];
}

/**
 * One partner's commission on one conversion held by a risk flag (see holds.ts). Kept in an array on
 * the conversion, never an object keyed by id, so the entity's JSON does not depend on key order.
 */
export interface HoldEntity {
  flagId: string;
  partnerId: string;
  status: 'held' | 'released' | 'rejected';
  /** Net commission on partner_commission_held for this hold; once decided, what the decision moved (frozen). */
  amount: string;
  /** Business time of the release (its `hold_release` entry's occurredAt). */
  releasedAt?: string;
  /** Business time of the rejection. */
  rejectedAt?: string;
  /** The flag's signals, in its order (named on every entry). */
  signals: string[];
}

/** A refund that arrived before its conversion's decision; applied as soon as the decision is recorded. */
export interface AwaitingRefund {
  amount: string;
  currency: string;
  time: string;
  recordedAt: string;
  cause: LineCause;
}

export interface PayoutEntity {
  payoutId: string;
  runId: string;
  partnerId: string;
  currency: string;
  amount: string;
  status: 'scheduled' | 'paid' | 'failed';
  /** Business times of the run and of the provider's confirmation: a later result is never dated before them. */
  scheduledAt?: string;
  confirmedAt?: string;
}

/** The conversions a policy change has revised so far, booked together when the change is complete. */
export interface PolicyChangeEntity {
  adoptionId: string;
  conversionIds: string[];
}

export interface LedgerEntities {
  partner: PartnerEntity;
  conversion: ConversionEntity;
  awaiting_refunds: AwaitingRefund[];
  payout: PayoutEntity;
  policy_change: PolicyChangeEntity;
}

export const LEDGER_ENTITY_KINDS = ['partner', 'conversion', 'awaiting_refunds', 'payout', 'policy_change'] as const;

export class LedgerState extends KeyedState<LedgerEntities> {
  constructor(options: KeyedStateOptions = {}) {
    super(LEDGER_ENTITY_KINDS, options);
  }
}

/** The partner's entity, created on first sight (a credit or a payout may name a partner never enrolled). */
export function partnerAccount(state: LedgerState, partnerId: string): PartnerEntity {
  let partner = state.get('partner', partnerId);
  if (!partner) {
    partner = {
      partnerId,
      name: null,
      partnerType: null,
      enrolledAt: null,
      tier: 'registered',
      history: [],
      stats: { sourcedConversions: 0, certifications: [], creditedRevenue: {} },
      standing: emptyStanding(),
      head: { seq: 0, hash: GENESIS_HASH },
    };
    state.put('partner', partnerId, partner);
  }
  // Entities written before tier standings existed start without one (a rebuild fills it).
  partner.standing ??= emptyStanding();
  return partner;
}
