import { createHash } from 'node:crypto';
import { canonicalJson } from '@ledger/kernel';
import { type RecordedEvent } from '@ledger/contracts';
import type { EventStore } from '../event-store.port';
import { storedEvents } from './event-batches';

/**
 * What must be equal for two stores to hold the same history: each event's stream, revision,
 * recorded time and content (canonical JSON, so key order does not matter), in global order.
 * Positions are left out: they are the store's own numbering (dense in SQL, log offsets in
 * EventStoreDB).
 */
export function digestLine(recorded: RecordedEvent): string {
  return canonicalJson({
    streamId: recorded.streamId,
    revision: recorded.revision,
    recordedAt: recorded.recordedAt,
    event: recorded.event,
  });
}

export interface StoreDigest {
  events: number;
  /** sha256 over every event's digest line followed by a newline, in global order. */
  sha256: string;
}

export interface EventSummary {
  streamId: string;
  revision: number;
  source: string;
  id: string;
}

export interface StoreComparison {
  source: StoreDigest;
  target: StoreDigest;
  /** 1-based number of the first event that differs or exists on one side only. */
  firstDifference?: { event: number; source?: EventSummary; target?: EventSummary };
}

export function summarize(recorded: RecordedEvent | undefined): EventSummary | undefined {
  return recorded && { streamId: recorded.streamId, revision: recorded.revision, source: recorded.event.source, id: recorded.event.id };
}

/** Reads both stores side by side once: both digests, and where they first part. */
export async function compareStores(source: EventStore, target: EventStore, batchSize: number): Promise<StoreComparison> {
  const sides = [storedEvents(source, 0, batchSize), storedEvents(target, 0, batchSize)];
  const hashes = [createHash('sha256'), createHash('sha256')];
  const counts = [0, 0];
  let firstDifference: StoreComparison['firstDifference'];
  for (let n = 1; ; n++) {
    const [a, b] = await Promise.all(sides.map((side) => side.next()));
    if (a.done && b.done) break;
    const lines = [a, b].map((next, side) => {
      if (next.done) return undefined;
      const line = digestLine(next.value);
      hashes[side].update(`${line}\n`, 'utf8');
      counts[side] += 1;
      return line;
    });
    if (!firstDifference && lines[0] !== lines[1]) {
      firstDifference = { event: n, source: summarize(a.done ? undefined : a.value), target: summarize(b.done ? undefined : b.value) };
    }
  }
  return {
    source: { events: counts[0], sha256: hashes[0].digest('hex') },
    target: { events: counts[1], sha256: hashes[1].digest('hex') },
    ...(firstDifference ? { firstDifference } : {}),
  };
}
