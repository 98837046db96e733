import { AttributionState, Reattribution, type Revision } from '@ledger/attribution/domain';
import { type AttributionOptions } from '@ledger/attribution/domain';
import type { StoredHistory } from '@ledger/platform/projections';

export interface PendingDecisionRecord {
  decision: Revision['decision'];
  recordedBy: string;
}

/**
 * Re-reads the stored history for a policy change (adoption or retraction) recorded at `position`:
 * upstream facts before it go through the engine under the new set of policies; decisions recorded
 * anywhere in the store (and those of the current batch, not stored yet) are what is in force.
 * Reading decisions past the change makes a rebuild, whose batches fall elsewhere, find the same
 * revisions. Conversions from `effectiveFrom` on may be revised.
 */
export async function replayForAdoption(
  history: StoredHistory,
  position: number,
  options: AttributionOptions,
  effectiveFrom: string,
  earlierAdoptionIds: ReadonlySet<string>,
  pending: readonly PendingDecisionRecord[],
  pageSize = 5000,
): Promise<Reattribution> {
  const reattribution = new Reattribution(options, { from: Date.parse(effectiveFrom), to: Infinity }, new AttributionState(), {
    upstreamBefore: position,
    countsRevision: (adoptionId) => earlierAdoptionIds.has(adoptionId),
  });
  for (let after = 0; ;) {
    const page = await history.readAll(after, pageSize);
    if (page.length === 0) break;
    for (const recorded of page) reattribution.apply(recorded);
    after = page[page.length - 1].position;
  }
  for (const { decision, recordedBy } of pending) reattribution.record(decision, recordedBy);
  return reattribution;
}
