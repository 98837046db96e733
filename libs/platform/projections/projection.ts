import type { AppendCandidate } from '@ledger/platform/event-store';
import type { RecordedEvent } from '@ledger/contracts';
import type { SqlDatabase, SqlExecutor } from '@ledger/platform/sql';

/** What a projection wants done for one batch of events. */
export interface ProjectionStep {
  /**
   * Facts the projection derived (decisions, automatic rejections). They are appended before
   * the read-model transaction commits and carry deterministic ids, so a retry or a rebuild
   * answers `duplicate` instead of storing them twice.
   */
  append?: AppendCandidate[];
  /** Writes the read-model rows; runs in the transaction that also moves the checkpoint. */
  write(tx: SqlExecutor): Promise<void>;
}

/** Read access to the stored history, for a projection that must look back (a policy adoption re-reads it). */
export interface StoredHistory {
  readAll(after: number, limit: number): Promise<RecordedEvent[]>;
}

/** A read model fed from the event store in global order. */
export interface Projection {
  readonly name: string;
  /** Brings the projection's tables up to date: `migrate` with its numbered migrations. */
  setUp(db: SqlDatabase): Promise<void>;
  /** Loads whatever in-memory cache the projection keeps, after set-up and before the first batch. */
  load?(db: SqlDatabase): Promise<void>;
  apply(batch: readonly RecordedEvent[], history: StoredHistory): Promise<ProjectionStep> | ProjectionStep;
  /**
   * Drops the projection's tables, forgetting their migrations (`dropReadModel`), and its
   * in-memory cache, so a rebuild starts from nothing.
   */
  reset?(db: SqlDatabase): Promise<void>;
  /** Called when a step failed, so an in-memory cache can drop what was not committed. */
  rollback?(db: SqlDatabase): Promise<void>;
}
