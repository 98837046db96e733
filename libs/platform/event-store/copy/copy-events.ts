import type { RecordedEvent } from '@ledger/contracts';
import type { AppendCandidate, EventStore } from '../event-store.port';
import { eventBatches, storedEvents } from './event-batches';
import { compareStores, digestLine, summarize, type EventSummary, type StoreComparison } from './store-digest';

export interface CopyOptions {
  /** Events per read and per append (default 500). */
  batchSize?: number;
  /** Only compare; copy nothing. */
  verifyOnly?: boolean;
  onProgress?: (copied: number) => void;
}

export interface CopyReport {
  /** Events the target held before, all of them the source's first events. */
  alreadyInTarget: number;
  copied: number;
  /** Set when nothing was copied because the target holds something else. */
  refused?: string;
  comparison: StoreComparison;
  /** Both stores hold the same events in the same order. */
  matches: boolean;
}

/**
 * Copies the source's events the target does not hold yet, in global order, keeping stream ids,
 * revisions, `(source, id)` and recorded times, then compares both stores by count and hash.
 *
 * Re-runnable: the target may already hold a prefix of the source (an earlier or interrupted
 * copy); copying resumes after it, so nothing is copied twice. A target holding anything else
 * is refused before a single event is written. Each event is appended with the expected
 * revision it has in the source, so a stream whose history differs in the target stops the copy
 * with WrongExpectedRevisionError instead of interleaving histories.
 */
export async function copyEvents(source: EventStore, target: EventStore, options: CopyOptions = {}): Promise<CopyReport> {
  const batchSize = options.batchSize ?? 500;
  const prefix = await heldPrefix(source, target, batchSize);
  let copied = 0;
  if (!options.verifyOnly && !prefix.difference) {
    for await (const batch of eventBatches(source, prefix.after, batchSize)) {
      const outcomes = await target.append(batch.map(copyCandidate));
      outcomes.forEach((outcome, i) => {
        if (outcome.status === 'accepted') copied += 1;
        else {
          const event = batch[i].event;
          throw new Error(
            `the target already holds ${event.source}/${event.id} (${outcome.status} at position ${outcome.position}) outside the copied prefix; is something else writing to it?`,
          );
        }
      });
      options.onProgress?.(copied);
    }
  }
  const comparison = await compareStores(source, target, batchSize);
  const refused = prefix.difference
    ? `the target holds events that are not the source's first events (first difference at event #${prefix.difference.event}: source ${describe(prefix.difference.source)}, target ${describe(prefix.difference.target)}); nothing was copied`
    : undefined;
  return {
    alreadyInTarget: prefix.held,
    copied,
    ...(refused ? { refused } : {}),
    comparison,
    matches:
      !comparison.firstDifference &&
      comparison.source.events === comparison.target.events &&
      comparison.source.sha256 === comparison.target.sha256,
  };
}

/** The candidate that recreates a stored event elsewhere: same stream, revision (as expectation) and recorded time. */
export function copyCandidate(recorded: RecordedEvent): AppendCandidate {
  return {
    streamId: recorded.streamId,
    expectedRevision: recorded.revision === 0 ? 'no_stream' : recorded.revision - 1,
    event: recorded.event,
    recordedAt: recorded.recordedAt,
  };
}

interface HeldPrefix {
  held: number;
  /** Source position of the last event the target holds (0: none). */
  after: number;
  difference?: { event: number; source?: EventSummary; target?: EventSummary };
}

/** How many of the source's first events the target holds, provided it holds nothing else. */
async function heldPrefix(source: EventStore, target: EventStore, batchSize: number): Promise<HeldPrefix> {
  const sourceEvents = storedEvents(source, 0, batchSize);
  let held = 0;
  let after = 0;
  for await (const targetEvent of storedEvents(target, 0, batchSize)) {
    const next = await sourceEvents.next();
    const sourceEvent = next.done ? undefined : next.value;
    if (!sourceEvent || digestLine(sourceEvent) !== digestLine(targetEvent)) {
      return { held, after, difference: { event: held + 1, source: summarize(sourceEvent), target: summarize(targetEvent) } };
    }
    held += 1;
    after = sourceEvent.position;
  }
  return { held, after };
}

function describe(summary: EventSummary | undefined): string {
  return summary ? `${summary.source}/${summary.id} in ${summary.streamId}@${summary.revision}` : 'has none';
}
