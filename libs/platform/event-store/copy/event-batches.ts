import type { RecordedEvent } from '@ledger/contracts';
import type { EventStore } from '../event-store.port';

/** Every event after `after`, in global order, read in batches of `batchSize`. */
export async function* eventBatches(store: EventStore, after: number, batchSize: number): AsyncGenerator<RecordedEvent[]> {
  let position = after;
  for (;;) {
    const batch = await store.readAll(position, batchSize);
    if (batch.length === 0) return;
    yield batch;
    position = batch[batch.length - 1].position;
  }
}

/** The same, one event at a time. */
export async function* storedEvents(store: EventStore, after: number, batchSize: number): AsyncGenerator<RecordedEvent> {
  for await (const batch of eventBatches(store, after, batchSize)) yield* batch;
}
