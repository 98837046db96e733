import type { EventStore } from '@ledger/platform/event-store';
import type { SqlDatabase } from '@ledger/platform/sql';
import { countProjectionExceptions, readCheckpoint } from './checkpoint-store';
import type { ProjectionCatchUp } from './projection-catch-up';
import { ProjectionBehindError, type ProjectionStatus } from './projection-runner';

/** Injection token: where /health learns how far each projection is, whether they run here or in a projector. */
export const PROJECTION_MONITOR = Symbol('PROJECTION_MONITOR');

export interface ProjectionMonitor extends ProjectionCatchUp {
  statuses(): Promise<ProjectionStatus[]>;
}

const POLL_MILLIS = 50;

/**
 * Follows projections that run in another process (`apps/projector`) through what they commit:
 * their checkpoints and recorded exceptions. Commands that must see their own facts booked
 * (payout runs, policy changes) wait on it exactly as on the in-process host.
 */
export class CheckpointMonitor implements ProjectionMonitor {
  constructor(
    private readonly store: EventStore,
    private readonly db: SqlDatabase,
    private readonly names: readonly string[],
  ) {}

  async statuses(): Promise<ProjectionStatus[]> {
    const exceptions = await countProjectionExceptions(this.db);
    return Promise.all(
      this.names.map(async (name) => ({
        name,
        checkpoint: await readCheckpoint(this.db, name),
        // Its runner lives in the projector; here only what it committed is known.
        state: 'running' as const,
        failures: 0,
        exceptions: exceptions.get(name) ?? 0,
      })),
    );
  }

  async catchUp(timeoutMillis = 30000): Promise<void> {
    const deadline = Date.now() + timeoutMillis;
    for (;;) {
      const head = await this.store.headPosition();
      const behind = (await this.statuses()).find((status) => status.checkpoint < head);
      if (!behind) {
        // The projections may have derived facts meanwhile: done once the head stands still.
        if ((await this.store.headPosition()) === head) return;
        continue;
      }
      if (Date.now() > deadline) throw new ProjectionBehindError(behind.name, head, behind);
      await new Promise((resolve) => setTimeout(resolve, POLL_MILLIS));
    }
  }
}
