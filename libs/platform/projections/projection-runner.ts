import type { EventStore, Subscription } from '@ledger/platform/event-store';
import type { RecordedEvent } from '@ledger/contracts';
import { isTransientDatabaseError, migrate, type SqlDatabase } from '@ledger/platform/sql';
import {
  CheckpointMovedError,
  claimCheckpoint,
  countProjectionExceptions,
  readCheckpoint,
  recordProjectionException,
  writeCheckpoint,
} from './checkpoint-store';
import { PROJECTION_RUNTIME_MIGRATIONS } from './migrations';
import type { Projection } from './projection';

export interface ProjectionStatus {
  name: string;
  checkpoint: number;
  /** `retrying`: the last attempt failed (nothing of it was committed) and is retried after a pause. */
  state: 'starting' | 'running' | 'retrying' | 'stopped';
  /** Why the last attempt failed; cleared once the projection can work again. */
  error?: string;
  /** Failed attempts since the last applied batch. */
  failures: number;
  /** Events this projection could not apply, recorded in `projection_exceptions` and skipped. */
  exceptions: number;
  /** Batches and events applied by this process since it started (metrics); absent where only checkpoints are known. */
  batches?: number;
  eventsApplied?: number;
}

export interface RetryPolicy {
  firstDelayMillis: number;
  maxDelayMillis: number;
}

/**
 * A projection did not reach a position in time (a command waiting for the read models): it is
 * retrying after an outage or has much to catch up on. Worth retrying later, like an outage.
 */
export class ProjectionBehindError extends Error {
  constructor(
    readonly projection: string,
    readonly position: number,
    status: Pick<ProjectionStatus, 'checkpoint' | 'state' | 'error'>,
  ) {
    super(
      `projection ${projection} did not reach ${position} in time (at ${status.checkpoint}, ${status.state}${status.error ? `: ${status.error}` : ''})`,
    );
    this.name = 'ProjectionBehindError';
  }
}

/** Told about each event recorded as an exception and skipped. */
export type ProjectionExceptionListener = (name: string, recorded: RecordedEvent, error: unknown) => void;

/** Short enough that a projection resumes within seconds of the database coming back. */
const DEFAULT_RETRY: RetryPolicy = { firstDelayMillis: 250, maxDelayMillis: 5000 };

/**
 * Keeps one projection up to date: subscribes from its stored checkpoint and applies each batch
 * in one transaction together with the new checkpoint (exactly-once effect on the read model).
 *
 * Two kinds of failure, two answers:
 * - transient (the database or the store is unavailable, a lost race): nothing of the batch was
 *   committed; the runner reloads the projection's cache and its checkpoint from the database and
 *   retries with a growing pause, for as long as it takes;
 * - an event the projection cannot apply (its `apply` or its rows fail while the database
 *   answers): the batch is retried event by event, and the event that still fails is recorded
 *   in `projection_exceptions` in the transaction that moves the checkpoint past it, and skipped
 *   (SPEC §1: no stored event can stop a projection).
 */
export class ProjectionRunner {
  private subscription?: Subscription;
  private retryTimer?: NodeJS.Timeout;
  private stopped = false;
  private current: ProjectionStatus;
  private batches = 0;
  private eventsApplied = 0;

  constructor(
    private readonly projection: Projection,
    private readonly store: EventStore,
    private readonly db: SqlDatabase,
    private readonly onError: (name: string, error: unknown) => void = () => undefined,
    private readonly retry: RetryPolicy = DEFAULT_RETRY,
    private readonly onException: ProjectionExceptionListener = () => undefined,
  ) {
    this.current = { name: projection.name, checkpoint: 0, state: 'starting', failures: 0, exceptions: 0 };
  }

  get status(): ProjectionStatus {
    return { ...this.current, batches: this.batches, eventsApplied: this.eventsApplied };
  }

  async start(): Promise<void> {
    await migrate(this.db, PROJECTION_RUNTIME_MIGRATIONS);
    await this.projection.setUp(this.db);
    await this.projection.load?.(this.db);
    this.current.checkpoint = await readCheckpoint(this.db, this.projection.name);
    this.current.exceptions = (await countProjectionExceptions(this.db)).get(this.projection.name) ?? 0;
    this.subscribe();
  }

  /** Resolves once every event up to `position` has been applied (tests, CLI rebuilds). */
  async waitFor(position: number, timeoutMillis = 30000): Promise<void> {
    const started = Date.now();
    while (this.current.checkpoint < position) {
      if (Date.now() - started > timeoutMillis) throw new ProjectionBehindError(this.projection.name, position, this.current);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    await this.subscription?.stop();
    this.current.state = 'stopped';
  }

  private subscribe(): void {
    if (this.stopped) return;
    this.current.state = 'running';
    this.subscription = this.store.subscribe(this.current.checkpoint, (batch) => this.handle(batch), {
      onError: (error) => this.failed(error),
    });
  }

  /** The subscription ended on a failed batch: retry from the database's view of things after a pause. */
  private failed(error: unknown): void {
    this.subscription = undefined;
    this.current.failures += 1;
    this.current.state = 'retrying';
    this.current.error = describe(error);
    this.onError(this.projection.name, error);
    this.scheduleRecovery();
  }

  private scheduleRecovery(): void {
    if (this.stopped) return;
    const delay = Math.min(this.retry.maxDelayMillis, this.retry.firstDelayMillis * 2 ** Math.min(20, this.current.failures - 1));
    this.retryTimer = setTimeout(() => void this.recover(), delay);
  }

  private async recover(): Promise<void> {
    if (this.stopped) return;
    try {
      await this.discardUncommitted();
      // A COMMIT cut off by a lost connection may have happened after all: the stored checkpoint
      // says which, so no batch is applied twice and none is left out.
      this.current.checkpoint = await readCheckpoint(this.db, this.projection.name);
      this.current.exceptions = (await countProjectionExceptions(this.db)).get(this.projection.name) ?? 0;
    } catch (error) {
      this.current.failures += 1;
      this.current.error = describe(error);
      this.scheduleRecovery();
      return;
    }
    delete this.current.error;
    this.subscribe();
  }

  /** The subscription's handler: a batch, or, when the batch cannot be applied, its events one by one. */
  private async handle(batch: RecordedEvent[]): Promise<void> {
    try {
      await this.applyAndCommit(batch);
    } catch (error) {
      // If the cache cannot be reloaded (database down), this throws and the retry path takes over.
      await this.discardUncommitted();
      if (await this.isTransient(error)) throw error;
      for (const recorded of batch) await this.applyOrSkip(recorded);
    }
  }

  /** Applies one event; when it fails twice while the database answers, records it as an exception and moves past it. */
  private async applyOrSkip(recorded: RecordedEvent): Promise<void> {
    let failure: unknown;
    // A second try tells an event that cannot be applied from a passing hiccup.
    for (let attempt = 1; attempt <= 2; attempt += 1) {
      try {
        await this.applyAndCommit([recorded]);
        return;
      } catch (error) {
        await this.discardUncommitted();
        if (await this.isTransient(error)) throw error;
        failure = error;
      }
    }
    await this.db.transaction(async (tx) => {
      await claimCheckpoint(tx, this.projection.name, this.current.checkpoint);
      await recordProjectionException(tx, this.projection.name, recorded, failure);
      await writeCheckpoint(tx, this.projection.name, recorded.position);
    });
    this.advanced(recorded.position);
    this.current.exceptions += 1;
    this.onException(this.projection.name, recorded, failure);
  }

  private async applyAndCommit(batch: readonly RecordedEvent[]): Promise<void> {
    const last = batch[batch.length - 1].position;
    const step = await this.projection.apply(batch, this.store);
    if (step.append && step.append.length > 0) await this.store.append(step.append);
    await this.db.transaction(async (tx) => {
      // A batch's rows are found by key (`= ANY($1)` over the batch's ids): through their indexes,
      // whatever the statistics say. Without them (PGlite never analyzes, nor does a server with
      // autovacuum off) the planner reads whole tables, and every batch would cost the history.
      await tx.exec('SET LOCAL enable_seqscan = off');
      await claimCheckpoint(tx, this.projection.name, this.current.checkpoint);
      await step.write(tx);
      await writeCheckpoint(tx, this.projection.name, last);
    });
    this.advanced(last);
    this.batches += 1;
    this.eventsApplied += batch.length;
  }

  private advanced(position: number): void {
    this.current.checkpoint = position;
    this.current.failures = 0;
    this.current.state = 'running';
    delete this.current.error;
  }

  /** Drops from the projection's cache whatever a failed step changed in memory. */
  private async discardUncommitted(): Promise<void> {
    if (this.projection.rollback) await this.projection.rollback(this.db);
    else await this.projection.load?.(this.db);
  }

  /**
   * Transient: the failure says so (database unavailable, lost race), or the database or the
   * store does not answer right now (an outage seen through another error, e.g. EventStoreDB's).
   */
  private async isTransient(error: unknown): Promise<boolean> {
    // Another process applied this batch: read again from the checkpoint it committed.
    if (error instanceof CheckpointMovedError || isTransientDatabaseError(error)) return true;
    try {
      await this.db.query('SELECT 1');
      await this.store.headPosition();
      return false;
    } catch {
      return true;
    }
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
