import type { AttributionDecision, Credit } from './attribution-decision';
import type { AttributionPolicy } from './attribution-policy';

/*
 * Facts of a policy adoption (source `partner-ledger`). Finance's adoption is recorded first; the
 * attribution projection then records one revision per conversion whose credits the policy changes.
 */
export const POLICY_ADOPTED = 'attribution.policy_adopted';

export const ATTRIBUTION_REVISED = 'attribution.revised';

export interface PolicyAdoptedData {
  /** `policy-adoption-<n>`, n counting adoptions from 1. */
  adoptionId: string;
  policy: AttributionPolicy;
  /** Conversions whose business time is at or after this are governed by the policy. */
  effectiveFrom: string;
  /** The acting key: its id (a fingerprint, never the key) and role. */
  adoptedBy: { keyId: string; role: string };
  reason: string | null;
}

/** The decision a revision replaces, as it was recorded. */
export interface ReplacedDecision {
  policyVersion: string;
  credits: Credit[];
  /** Id of the `attribution.decided` or `attribution.revised` event that recorded it. */
  recordedBy: string;
}

export interface AttributionRevisedData {
  adoptionId: string;
  effectiveFrom: string;
  conversionId: string;
  replaced: ReplacedDecision;
  /** The decision under the adopted policy; it names the same conversion event (`cause`). */
  decision: AttributionDecision;
}

/**
 * Recorded by the attribution projection after the last `attribution.revised` of an adoption (or a
 * retraction): the revisions are complete, so the ledger can re-derive tiers and rates from
 * `effectiveFrom` on and book every difference at once.
 */
export const POLICY_APPLIED = 'attribution.policy_applied';

export interface PolicyAppliedData {
  /** The adoption (or retraction) whose revisions are complete; the revisions carry the same id. */
  adoptionId: string;
  effectiveFrom: string;
  revisedConversions: number;
  /** Simulations over a period only: conversions after this business time are not booked again. */
  effectiveUntil?: string;
}

/**
 * Finance takes an adoption back (`DELETE /v1/attribution/policies/{adoptionId}`): the conversions it
 * revised, and any other from its effective date on, are re-attributed under the policies still in
 * force. Recorded on the adoptions stream (with its revision, like an adoption).
 */
export const POLICY_RETRACTED = 'attribution.policy_retracted';

export interface PolicyRetractedData {
  adoptionId: string;
  /** Names the change: its revisions, its `attribution.policy_applied` and its ledger entries carry it. */
  retractionId: string;
  retractedBy: { keyId: string; role: string };
  reason: string;
}

/** Each adoption can be retracted once; the retraction's id derives from it. */
export function retractionIdOf(adoptionId: string): string {
  return `${adoptionId}-retraction`;
}
