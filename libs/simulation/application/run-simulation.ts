import { streams } from '@ledger/contracts';
import { type PolicyAdoption } from '@ledger/attribution/domain';
import { POLICY_ADOPTED, POLICY_RETRACTED, type PolicyAdoptedData, type PolicyRetractedData } from '@ledger/contracts';
import type { EventStore } from '@ledger/platform/event-store';
import { Simulation, type SimulationOptions, type SimulationResult } from '@ledger/simulation/domain';

export interface SimulationProgress {
  eventsRead: number;
  /** The store head when the run started: the history it replays. */
  totalEvents: number;
}

/**
 * Streams the stored history up to the head seen at start through a Simulation, in batches, so
 * memory holds one batch plus the folds' state. The policies adopted so far come from the store too,
 * so the candidate is judged against exactly what an adoption now would start from. Reads only.
 */
export async function runSimulation(
  store: EventStore,
  options: SimulationOptions,
  onProgress: (progress: SimulationProgress) => void = () => undefined,
  batchSize = 2000,
): Promise<SimulationResult> {
  const head = await store.headPosition();
  const changes = (await store.readStream(streams.policyChanges)).filter((recorded) => recorded.position <= head);
  const retracted = new Set(
    changes
      .filter((recorded) => recorded.event.type === POLICY_RETRACTED)
      .map((recorded) => (recorded.event.data as PolicyRetractedData).adoptionId),
  );
  // The policies in force now: every adoption not taken back, in adoption order.
  const adopted = changes
    .filter((recorded) => recorded.event.type === POLICY_ADOPTED)
    .map((recorded): PolicyAdoption => {
      const data = recorded.event.data as PolicyAdoptedData;
      return { adoptionId: data.adoptionId, policy: data.policy, effectiveFrom: data.effectiveFrom };
    })
    .filter((adoption) => !retracted.has(adoption.adoptionId as string));
  const simulation = new Simulation({ adopted, asOf: new Date().toISOString(), ...options });
  let after = 0;
  onProgress({ eventsRead: 0, totalEvents: head });
  while (after < head) {
    const batch = await store.readAll(after, Math.min(batchSize, head - after));
    if (batch.length === 0) break;
    for (const recorded of batch) if (recorded.position <= head) simulation.apply(recorded);
    after = batch[batch.length - 1].position;
    onProgress({ eventsRead: Math.min(after, head), totalEvents: head });
  }
  return simulation.result();
}
