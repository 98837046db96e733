import { POLICY_ADOPTIONS_STREAM, type PolicyAdoptedData } from '@ledger/attribution';
import type { EventStore } from '@ledger/event-store';
import { Simulation, type SimulationOptions, type SimulationResult } from '@ledger/simulation';

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
  const adopted = (await store.readStream(POLICY_ADOPTIONS_STREAM))
    .filter((recorded) => recorded.position <= head)
    .map((recorded) => {
      const data = recorded.event.data as PolicyAdoptedData;
      return { policy: data.policy, effectiveFrom: data.effectiveFrom };
    });
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
