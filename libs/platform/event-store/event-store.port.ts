import type { CloudEvent, RecordedEvent } from '@ledger/contracts';

/** Nest injection token of the configured EventStore adapter. */
export const EVENT_STORE = Symbol('EVENT_STORE');

/**
 * Optimistic concurrency per stream: `any` appends unconditionally, `no_stream` requires the
 * stream not to exist, a number is the revision of the stream's last event the writer saw.
 */
export type ExpectedRevision = 'any' | 'no_stream' | number;

export interface AppendCandidate {
  streamId: string;
  expectedRevision?: ExpectedRevision;
  event: CloudEvent;
  /**
   * Only for copying history between stores: keep this recorded time (ISO 8601) instead of now,
   * so "what the ledger knew at time T" stays the same after a move. Ingestion never sets it.
   */
  recordedAt?: string;
}

export type AppendOutcome =
  | { status: 'accepted'; position: number; streamId: string; revision: number }
  /** Same (source, id) with the same content was stored before: nothing new is written. */
  | { status: 'duplicate'; position: number }
  /** Same (source, id) with different content: rejected, the first one stands. */
  | { status: 'conflict'; position: number };

export interface Subscription {
  /** Resolves once the handler has finished its current batch and no further batch will start. */
  stop(): Promise<void>;
}

/** Connection state of an adapter backed by a server it can lose (EventStoreDB); /health shows it. */
export interface EventStoreHealth {
  /** `unavailable`: the last call could not reach the server, or a live subscription is reconnecting. */
  connection: 'up' | 'unavailable';
  /** When `connection` last changed (ISO 8601). */
  since: string;
  lastError?: string;
  reconnectingSubscriptions: number;
}

export interface SubscribeOptions {
  batchSize?: number;
  /** Called when the handler throws; the subscription stops (the checkpoint did not move). */
  onError?: (error: unknown) => void;
}

/**
 * The event store port (SPEC §1). Every adapter guarantees: append-only; per-stream expected
 * revision; one global order (position) that a reader never sees with gaps filled in later;
 * idempotency on the upstream (source, id); batched reads from a position; live subscription.
 */
export interface EventStore {
  /**
   * Appends atomically: every `accepted` outcome is durable together, or nothing is written
   * (a WrongExpectedRevisionError rejects the whole call). Duplicates and conflicts write nothing.
   */
  append(candidates: readonly AppendCandidate[]): Promise<AppendOutcome[]>;
  /** Events with position > `after`, in global order, at most `limit` of them. */
  readAll(after: number, limit: number): Promise<RecordedEvent[]>;
  /** All events of one stream in revision order. */
  readStream(streamId: string): Promise<RecordedEvent[]>;
  /** Position of the last committed event (0 when empty). */
  headPosition(): Promise<number>;
  /** Delivers every event after `after` in order, in batches, then keeps delivering new ones. */
  subscribe(after: number, handler: (batch: RecordedEvent[]) => Promise<void>, options?: SubscribeOptions): Subscription;
  /** Optional: adapters that talk to a server report their connection (the SQL adapters have none to report). */
  health?(): EventStoreHealth;
  close(): Promise<void>;
}
