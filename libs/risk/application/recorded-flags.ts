import { LEDGER_SOURCE, RISK_FLAGGED, streams, type RiskFlaggedData } from '@ledger/contracts';
import type { AppendCandidate } from '@ledger/platform/event-store';

/** A flag as the event that records it: its id is the flag's, so appending it again answers `duplicate`. */
export function flagEvent(flag: RiskFlaggedData, time: string): AppendCandidate {
  return {
    streamId: streams.riskFlag(flag.flagId),
    expectedRevision: 'any',
    event: {
      specversion: '1.0',
      id: `${RISK_FLAGGED}:${flag.flagId}`,
      source: LEDGER_SOURCE,
      type: RISK_FLAGGED,
      time,
      subject: flag.partnerId,
      data: flag,
    },
  };
}
