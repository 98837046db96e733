import { AttributionState, applyEvent } from '@ledger/attribution/domain';
import { type AttributionOptions } from '@ledger/attribution/domain';
import { ATTRIBUTION_DECIDED } from '@ledger/contracts';
import { LEDGER_SOURCE, type RecordedEvent } from '@ledger/contracts';

/**
 * What the store holds after the live attribution projection ran: each upstream event followed by
 * the decisions it caused, recorded as `attribution.decided` events, positions renumbered.
 * `state` continues an earlier call (histories fed in chunks).
 */
export function withRecordedDecisions(
  upstream: RecordedEvent[],
  options: AttributionOptions,
  state = new AttributionState({ trackDirty: false }),
): RecordedEvent[] {
  const stored: RecordedEvent[] = [];
  for (const original of upstream) {
    const recorded = { ...original, position: stored.length + 1 };
    stored.push(recorded);
    for (const output of applyEvent(state, recorded, options)) {
      if (output.kind !== 'decision') continue;
      const decision = output.decision;
      stored.push({
        position: stored.length + 1,
        streamId: `attribution-${decision.conversionId}`,
        revision: 0,
        recordedAt: recorded.recordedAt,
        event: {
          specversion: '1.0',
          id: `decided:${decision.cause.id}`,
          source: LEDGER_SOURCE,
          type: ATTRIBUTION_DECIDED,
          time: decision.conversionTime,
          data: decision,
        },
      });
    }
  }
  return stored;
}
