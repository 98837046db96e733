import type { EventStore, Subscription } from '@ledger/event-store';
import type { RecordedEvent } from '@ledger/events';
import type { SqlDatabase } from '@ledger/sql';
import { CHECKPOINT_SCHEMA, readCheckpoint, writeCheckpoint } from './checkpoint-store';
import type { Projection } from './projection';

export interface ProjectionStatus {
  name: string;
  checkpoint: number;
  /** `retrying`: the last batch failed and nothing of it was committed; it is retried after a pause. */
  state: 'starting' | 'running' | 'retrying' | 'stopped';
  error?: string;
  failures: number;
}

export interface RetryPolicy {
  firstDelayMillis: number;
  maxDelayMillis: number;
}

/**
 * Keeps one projection up to date: subscribes from its stored checkpoint and applies each batch
 * in one transaction together with the new checkpoint (exactly-once effect on the read model).
 */
export class ProjectionRunner {
  private subscription?: Subscription;
  private retryTimer?: NodeJS.Timeout;
  private stopped = false;
  private current: ProjectionStatus;

  constructor(
    private readonly projection: Projection,
    private readonly store: EventStore,
    private readonly db: SqlDatabase,
    private readonly onError: (name: string, error: unknown) => void = () => undefined,
    private readonly retry: RetryPolicy = { firstDelayMillis: 500, maxDelayMillis: 30000 },
  ) {
    this.current = { name: projection.name, checkpoint: 0, state: 'starting', failures: 0 };
  }

  get status(): ProjectionStatus {
    return { ...this.current };
  }

  async start(): Promise<void> {
    await this.db.exec(CHECKPOINT_SCHEMA);
    await this.projection.setUp(this.db);
    await this.projection.load?.(this.db);
    this.current.checkpoint = await readCheckpoint(this.db, this.projection.name);
    this.subscribe();
  }

  /**
   * (Re)subscribes from the committed checkpoint. A failed batch left nothing behind, so a
   * transient failure (database restart, lock timeout) heals by itself after a growing pause.
   */
  private subscribe(): void {
    if (this.stopped) return;
    this.current.state = 'running';
    this.subscription = this.store.subscribe(this.current.checkpoint, (batch) => this.applyBatch(batch), {
      onError: (error) => {
        this.current.failures += 1;
        this.current.state = 'retrying';
        this.current.error = error instanceof Error ? error.message : String(error);
        this.onError(this.projection.name, error);
        const delay = Math.min(this.retry.maxDelayMillis, this.retry.firstDelayMillis * 2 ** (this.current.failures - 1));
        this.retryTimer = setTimeout(() => this.subscribe(), delay);
      },
    });
  }

  /** Resolves once every event up to `position` has been applied (tests, CLI rebuilds). */
  async waitFor(position: number, timeoutMillis = 30000): Promise<void> {
    const started = Date.now();
    while (this.current.checkpoint < position) {
      if (Date.now() - started > timeoutMillis) throw new Error(`projection ${this.projection.name} did not reach ${position} in time`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    await this.subscription?.stop();
    this.current.state = 'stopped';
  }

  private async applyBatch(batch: RecordedEvent[]): Promise<void> {
    const last = batch[batch.length - 1].position;
    try {
      const step = await this.projection.apply(batch, this.store);
      if (step.append && step.append.length > 0) await this.store.append(step.append);
      await this.db.transaction(async (tx) => {
        await step.write(tx);
        await writeCheckpoint(tx, this.projection.name, last);
      });
    } catch (error) {
      await this.projection.rollback?.(this.db);
      throw error;
    }
    this.current.checkpoint = last;
    this.current.failures = 0;
    delete this.current.error;
  }
}
