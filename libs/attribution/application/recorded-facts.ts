import { streams } from '@ledger/contracts';
import type { AppendCandidate } from '@ledger/platform/event-store';
import { LEDGER_SOURCE } from '@ledger/contracts';
import { type DealRegistrationRejected, type Revision } from '@ledger/attribution/domain';
import {
  ATTRIBUTION_REVISED,
  POLICY_APPLIED,
  type PolicyAppliedData,
  type AttributionRevisedData,
  type PolicyAdoptedData,
} from '@ledger/contracts';
import { ATTRIBUTION_DECIDED, type AttributionDecision } from '@ledger/contracts';

export { ATTRIBUTION_DECIDED };

/**
 * Derived facts get ids built from the event that caused them, so appending them again (a
 * retry, a restart, a rebuild) is answered `duplicate` and never stored twice.
 */
export function decisionEvent(decision: AttributionDecision): AppendCandidate {
  return {
    streamId: streams.attribution(decision.conversionId),
    expectedRevision: 'any',
    event: {
      specversion: '1.0',
      id: `attribution.decided:${decision.policyVersion}:${decision.cause.source}:${decision.cause.id}`,
      source: LEDGER_SOURCE,
      type: ATTRIBUTION_DECIDED,
      time: decision.conversionTime,
      subject: decision.conversionId,
      data: decision,
    },
  };
}

/** The automatic rejection is recorded as an ordinary `deal.rejected`, so every reader sees it. */
export function automaticRejectionEvent(rejection: DealRegistrationRejected, registeredAt: string): AppendCandidate {
  return {
    streamId: streams.deal(rejection.dealId),
    expectedRevision: 'any',
    event: {
      specversion: '1.0',
      id: `deal.rejected:${rejection.cause.source}:${rejection.cause.id}`,
      source: LEDGER_SOURCE,
      type: 'deal.rejected',
      time: registeredAt,
      subject: rejection.dealId,
      data: { dealId: rejection.dealId, reason: rejection.reason },
      ledgerrejectioncode: rejection.code,
    },
  };
}

export function revisionEventId(adoptionId: string, decision: AttributionDecision): string {
  return `attribution.revised:${adoptionId}:${decision.cause.source}:${decision.cause.id}`;
}

/** A conversion re-attributed by an adoption; dated when the adoption was recorded. */
export function revisionEvent(
  adoption: Pick<PolicyAdoptedData, 'adoptionId' | 'effectiveFrom'>,
  revision: Revision,
  adoptedAt: string,
): AppendCandidate {
  const { decision } = revision;
  const data: AttributionRevisedData = {
    adoptionId: adoption.adoptionId,
    effectiveFrom: adoption.effectiveFrom,
    conversionId: decision.conversionId,
    replaced: revision.replaced,
    decision,
  };
  return {
    streamId: streams.attribution(decision.conversionId),
    expectedRevision: 'any',
    event: {
      specversion: '1.0',
      id: revisionEventId(adoption.adoptionId, decision),
      source: LEDGER_SOURCE,
      type: ATTRIBUTION_REVISED,
      time: adoptedAt,
      subject: decision.conversionId,
      data,
    },
  };
}

/** Closes an adoption's revisions: the ledger books the whole change (credits, tiers, rates) when it reads this. */
export function policyAppliedEvent(
  adoption: Pick<PolicyAdoptedData, 'adoptionId' | 'effectiveFrom'>,
  revisedConversions: number,
  adoptedAt: string,
): AppendCandidate {
  const data: PolicyAppliedData = { adoptionId: adoption.adoptionId, effectiveFrom: adoption.effectiveFrom, revisedConversions };
  return {
    streamId: streams.policyApplied(adoption.adoptionId),
    expectedRevision: 'any',
    event: {
      specversion: '1.0',
      id: `${POLICY_APPLIED}:${adoption.adoptionId}`,
      source: LEDGER_SOURCE,
      type: POLICY_APPLIED,
      time: adoptedAt,
      subject: adoption.adoptionId,
      data,
    },
  };
}
