import { WrongExpectedRevisionError } from '../errors';
import type { AppendCandidate, ExpectedRevision } from '../event-store.port';

/** A stream's revision as far as the plan knows it: the last event's revision, or no stream yet. */
export type StreamRevision = number | 'no_stream';

/** What is already stored under an idempotency key. */
export interface KnownKey {
  contentHash: string;
  position: number;
}

export interface PlanInput {
  candidates: readonly AppendCandidate[];
  /** Derived event id per candidate (the idempotency key). */
  eventIds: readonly string[];
  contentHashes: readonly string[];
  known: ReadonlyMap<string, KnownKey>;
  /** Current revision of every stream that has a candidate with an explicit expected revision. */
  revisions: ReadonlyMap<string, StreamRevision>;
}

export type PlannedOutcome =
  /** Written by run `run`; `offset` is its place in that run. */
  | { kind: 'new'; run: number; offset: number }
  /** Answered from what is stored. */
  | { kind: 'known'; status: 'duplicate' | 'conflict'; position: number }
  /** Same key as candidate `of` earlier in this batch. */
  | { kind: 'same-batch'; status: 'duplicate' | 'conflict'; of: number };

/**
 * Consecutive new candidates of one stream, written by one append call (atomic in EventStoreDB).
 * `expected` is what the server must find before the run: explicit when a candidate of the run
 * had an expected revision, so the server re-checks atomically what the plan checked.
 */
export interface PlannedRun {
  streamId: string;
  candidates: number[];
  expected: ExpectedRevision;
}

export interface AppendPlan {
  outcomes: PlannedOutcome[];
  runs: PlannedRun[];
}

/**
 * Decides, before anything is written, what an append does: the same rules as the SQL adapter,
 * candidate by candidate in order. A known key answers duplicate or conflict and writes nothing;
 * a key repeated in the batch answers like the first occurrence; every other candidate's
 * expected revision is checked against the stream's running revision, and one mismatch throws
 * WrongExpectedRevisionError for the whole call. Runs keep the candidates' order, so $all
 * shows the batch in the order it was given.
 */
export function planAppend(input: PlanInput): AppendPlan {
  const { candidates, eventIds, contentHashes, known, revisions } = input;
  const running = new Map(revisions);
  const pending = new Map<string, { contentHash: string; index: number }>();
  const runs: Array<PlannedRun & { start?: StreamRevision; checked: boolean }> = [];
  const outcomes: PlannedOutcome[] = [];

  candidates.forEach((candidate, index) => {
    const key = eventIds[index];
    const hash = contentHashes[index];
    const stored = known.get(key);
    if (stored) {
      outcomes.push({ kind: 'known', status: stored.contentHash === hash ? 'duplicate' : 'conflict', position: stored.position });
      return;
    }
    const earlier = pending.get(key);
    if (earlier) {
      outcomes.push({ kind: 'same-batch', status: earlier.contentHash === hash ? 'duplicate' : 'conflict', of: earlier.index });
      return;
    }
    const expected = candidate.expectedRevision ?? 'any';
    const current = running.get(candidate.streamId);
    if (expected !== 'any') {
      if (!running.has(candidate.streamId)) throw new Error(`planAppend: the revision of stream "${candidate.streamId}" was not read`);
      checkExpectedRevision(candidate.streamId, expected, current as StreamRevision);
    }
    let run = runs[runs.length - 1];
    if (!run || run.streamId !== candidate.streamId) {
      run = { streamId: candidate.streamId, candidates: [], expected: 'any', start: current, checked: false };
      runs.push(run);
    }
    if (expected !== 'any') run.checked = true;
    run.candidates.push(index);
    if (current !== undefined) running.set(candidate.streamId, current === 'no_stream' ? 0 : current + 1);
    pending.set(key, { contentHash: hash, index });
    outcomes.push({ kind: 'new', run: runs.length - 1, offset: run.candidates.length - 1 });
  });

  return {
    outcomes,
    runs: runs.map(({ streamId, candidates: members, start, checked }) => ({
      streamId,
      candidates: members,
      expected: checked && start !== undefined ? start : 'any',
    })),
  };
}

function checkExpectedRevision(streamId: string, expected: Exclude<ExpectedRevision, 'any'>, current: StreamRevision): void {
  if (expected === 'no_stream') {
    if (current !== 'no_stream') throw new WrongExpectedRevisionError(streamId, 'no_stream', current);
    return;
  }
  if (current !== expected) throw new WrongExpectedRevisionError(streamId, String(expected), current);
}
