import type { MoneyJson } from '@ledger/kernel';
import type { Cause } from './attribution-decision';
import type { Actor } from './ledger-records';

/*
 * Facts of risk screening and disputes (SPEC §9), recorded by the ledger itself (source
 * `partner-ledger`): flags raised by the risk reactor, finance's decisions on them, risk policy
 * adoptions, and disputes opened by partners and resolved by finance.
 */
export const RISK_FLAGGED = 'risk.flagged';
export const RISK_FLAG_DECIDED = 'risk.flag_decided';
export const RISK_POLICY_ADOPTED = 'risk.policy_adopted';
export const DISPUTE_OPENED = 'dispute.opened';
export const DISPUTE_RESOLVED = 'dispute.resolved';

export const RISK_SIGNALS = ['self_referral', 'click_velocity', 'refund_rate', 'new_partner_large_deal'] as const;
export type RiskSignalKind = (typeof RISK_SIGNALS)[number];

/** Per-currency amounts as decimal strings: {"USD": "10000.00"}. */
export type AmountsByCurrency = Readonly<Record<string, string>>;

/**
 * What the ledger screens a booked commission for. A signal left out, or `false` for
 * `selfReferral`, is off. Versioned like attribution policies and adopted going forward.
 */
export interface RiskPolicy {
  version: string;
  selfReferral?: boolean;
  clickVelocity?: { maxClicks: number; withinMinutes: number };
  refundRate?: { threshold: string; minConversions: number; windowDays: number };
  newPartnerLargeDeal?: { withinDays: number; amount: AmountsByCurrency };
}

/**
 * Why a commission is held: the signal, the figures behind it (plain JSON, decimals as strings)
 * and one sentence a person reads in the risk queue.
 */
export interface RiskSignal {
  signal: RiskSignalKind;
  evidence: string;
  figures: Readonly<Record<string, string | number>>;
}

/** One partner's commission on one conversion is held (stream `risk-flag-<flagId>`). */
export interface RiskFlaggedData {
  /** Derived from the conversion and the partner, so a rebuild records the same flag. */
  flagId: string;
  conversionId: string;
  partnerId: string;
  /** The risk policy in force when the commission was booked. */
  policyVersion: string;
  /** At least one, in SPEC §9's order. */
  signals: RiskSignal[];
  /** The `attribution.decided` event whose commission is held. */
  decision: Cause;
}

export type FlagDecision = 'release' | 'reject';

/** Finance's decision on a flag; at most one per flag (appended expecting the flag's stream revision). */
export interface RiskFlagDecidedData {
  flagId: string;
  conversionId: string;
  partnerId: string;
  decision: FlagDecision;
  reason: string;
  actor: Actor;
}

/** A risk policy in force for commissions booked after it in global order (stream `risk-policies`). */
export interface RiskPolicyAdoptedData {
  /** `risk-policy-adoption-<n>`, n counting adoptions from 1. */
  adoptionId: string;
  policy: RiskPolicy;
  reason: string | null;
  adoptedBy: Actor;
}

/** A partner contests a conversion or a ledger line (stream `dispute-<disputeId>`). */
export interface DisputeOpenedData {
  disputeId: string;
  partnerId: string;
  conversionId?: string;
  lineId?: string;
  message: string;
  openedBy: Actor;
}

export type DisputeOutcome = 'upheld' | 'rejected';

/** Finance closes a dispute; an upheld one may carry an adjustment the ledger books naming the dispute. */
export interface DisputeResolvedData {
  disputeId: string;
  partnerId: string;
  outcome: DisputeOutcome;
  reason: string;
  /** Signed, like a manual adjustment; only when upheld. */
  adjustment?: MoneyJson;
  resolvedBy: Actor;
}
