import type { EventStore } from '@ledger/event-store';
import { Simulation, type SimulationOptions, type SimulationResult } from '@ledger/simulation';

export interface SimulationProgress {
  eventsRead: number;
  /** The store head when the run started: the history it replays. */
  totalEvents: number;
}

/**
 * Streams the stored history up to the head seen at start through a Simulation, in batches, so
 * memory holds one batch plus the folds' state. Reads only: nothing is appended or written.
 */
export async function runSimulation(
  store: EventStore,
  options: SimulationOptions,
  onProgress: (progress: SimulationProgress) => void = () => undefined,
  batchSize = 2000,
): Promise<SimulationResult> {
  const head = await store.headPosition();
  const simulation = new Simulation(options);
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
