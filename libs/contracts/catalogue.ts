import type { AttributionDecision } from './ledger-facts/attribution-decision';
import type { AdjustmentRecordedData, PartnerTierChangedData, PayoutRunScheduledData } from './ledger-facts/ledger-records';
import type {
  DisputeOpenedData,
  DisputeResolvedData,
  RiskFlagDecidedData,
  RiskFlaggedData,
  RiskPolicyAdoptedData,
} from './ledger-facts/risk-records';
import type { AttributionRevisedData, PolicyAdoptedData, PolicyAppliedData, PolicyRetractedData } from './ledger-facts/policy-changes';
import type { CloudEvent, RecordedEvent } from './upstream/cloud-event';
import type { DealRejectedData, EventDataByType } from './upstream/event-data';
import type { LEDGER_SOURCE, UpstreamEventType } from './upstream/event-types';

/*
 * The catalogue of every event the store holds, as one discriminated union on `type`: the upstream
 * facts of SPEC §2 and the facts the ledger records itself (source `partner-ledger`). Consumers
 * switch on `type` and get the data's shape without a cast.
 */

/** Data of each fact the ledger records itself. */
export interface LedgerFactDataByType {
  'attribution.decided': AttributionDecision;
  'attribution.revised': AttributionRevisedData;
  'attribution.policy_applied': PolicyAppliedData;
  'attribution.policy_adopted': PolicyAdoptedData;
  'attribution.policy_retracted': PolicyRetractedData;
  /** An automatic rejection of a registration the engine refused. */
  'deal.rejected': DealRejectedData;
  'partner.tier_changed': PartnerTierChangedData;
  'payout.run_scheduled': PayoutRunScheduledData;
  'adjustment.recorded': AdjustmentRecordedData;
  'risk.flagged': RiskFlaggedData;
  'risk.flag_decided': RiskFlagDecidedData;
  'risk.policy_adopted': RiskPolicyAdoptedData;
  'dispute.opened': DisputeOpenedData;
  'dispute.resolved': DisputeResolvedData;
}
export type LedgerFactType = keyof LedgerFactDataByType;

export type UpstreamEvent = { [T in UpstreamEventType]: CloudEvent<EventDataByType[T]> & { type: T } }[UpstreamEventType];
export type LedgerFact = {
  [T in LedgerFactType]: CloudEvent<LedgerFactDataByType[T]> & { type: T; source: typeof LEDGER_SOURCE };
}[LedgerFactType];
export type CataloguedEvent = UpstreamEvent | LedgerFact;

/**
 * The stored event typed by the catalogue. Only validated events are stored (ingestion checks
 * upstream facts, the ledger fact guard the ledger's own), so the cast is the store's promise.
 */
export function catalogued(recorded: RecordedEvent): CataloguedEvent {
  return recorded.event as CataloguedEvent;
}
