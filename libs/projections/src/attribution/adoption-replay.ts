import { AttributionState, Reattribution, type AttributionOptions, type PolicyAdoptedData, type Revision } from '@ledger/attribution';
import type { RecordedEvent } from '@ledger/events';
import type { StoredHistory } from '../projection';

export interface PendingDecisionRecord {
  decision: Revision['decision'];
  recordedBy: string;
}

/**
 * Re-reads the stored history for an adoption recorded at `adoption.position`: upstream facts before
 * it go through the engine under the new set of policies; decisions recorded anywhere in the store
 * (and those of the current batch, not stored yet) are what is in force. Reading decisions past the
 * adoption makes a rebuild, whose batches fall elsewhere, find the same revisions.
 */
export async function replayForAdoption(
  history: StoredHistory,
  adoption: RecordedEvent,
  options: AttributionOptions,
  earlierAdoptionIds: ReadonlySet<string>,
  pending: readonly PendingDecisionRecord[],
  pageSize = 5000,
): Promise<Reattribution> {
  const data = adoption.event.data as PolicyAdoptedData;
  const reattribution = new Reattribution(options, { from: Date.parse(data.effectiveFrom), to: Infinity }, new AttributionState(), {
    upstreamBefore: adoption.position,
    countsRevision: (adoptionId) => earlierAdoptionIds.has(adoptionId),
  });
  for (let after = 0; ; ) {
    const page = await history.readAll(after, pageSize);
    if (page.length === 0) break;
    for (const recorded of page) reattribution.apply(recorded);
    after = page[page.length - 1].position;
  }
  for (const { decision, recordedBy } of pending) reattribution.record(decision, recordedBy);
  return reattribution;
}
