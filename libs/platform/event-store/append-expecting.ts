import type { CloudEvent, RecordedEvent } from '@ledger/contracts';
import { WrongExpectedRevisionError } from './errors';
import type { EventStore } from './event-store.port';

/**
 * Appends one fact to a stream, expecting the stream exactly as `seen` (read just before): if
 * another writer appended meanwhile, nothing is written and `conflict()` is thrown instead, so two
 * concurrent commands (two payout runs, two policy changes) can never both pass.
 */
export async function appendExpecting(
  store: EventStore,
  streamId: string,
  seen: readonly RecordedEvent[],
  event: CloudEvent,
  conflict: () => Error,
): Promise<void> {
  try {
    await store.append([{ streamId, expectedRevision: seen.length === 0 ? 'no_stream' : seen[seen.length - 1].revision, event }]);
  } catch (error) {
    if (error instanceof WrongExpectedRevisionError) throw conflict();
    throw error;
  }
}
