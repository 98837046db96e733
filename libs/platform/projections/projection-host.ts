import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { EVENT_STORE, READ_MODEL_DB, type EventStore } from '@ledger/platform/event-store';
import { SharedEventFeed } from './shared-event-feed';
import { ProjectionRunner, type ProjectionStatus } from './projection-runner';
import { type Projection } from './projection';
import type { ProjectionMonitor } from './projection-monitor';
import { isDatabaseUnavailable, type SqlDatabase } from '@ledger/platform/sql';

/** Injection token for the list of projections the app keeps live. */
export const PROJECTIONS = Symbol('PROJECTIONS');

/**
 * Starts every projection with the app and stops them before storage closes. Each runner rides
 * out database and store outages by itself (retrying with a growing pause, at most 5 s apart)
 * and skips, recording it, an event its projection cannot apply; this host only logs.
 */
@Injectable()
export class ProjectionHost implements OnApplicationBootstrap, OnApplicationShutdown, ProjectionMonitor {
  private readonly logger = new Logger(ProjectionHost.name);
  private readonly runners: ProjectionRunner[];
  /** Every projection reads the store through one window: each event is read and decoded once. */
  private readonly feed: SharedEventFeed;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODEL_DB) db: SqlDatabase,
    @Inject(PROJECTIONS) projections: Projection[],
  ) {
    this.feed = new SharedEventFeed(store);
    this.runners = projections.map(
      (projection) =>
        new ProjectionRunner(
          projection,
          this.feed,
          db,
          (name, error) => {
            // An outage is expected operation: one line without a stack, repeated at each retry.
            if (isDatabaseUnavailable(error))
              this.logger.warn(
                { projection: name, reason: (error as Error).message },
                `projection ${name} waits for the database; it retries from its checkpoint`,
              );
            else this.logger.error({ projection: name, err: error }, `projection ${name} failed a batch; it retries from its checkpoint`);
          },
          undefined,
          (name, recorded, error) =>
            this.logger.error(
              {
                projection: name,
                position: recorded.position,
                eventId: recorded.event.id,
                eventSource: recorded.event.source,
                eventType: recorded.event.type,
                err: error,
              },
              `projection ${name} cannot apply the event at position ${recorded.position}; recorded as an exception (GET /v1/ledger/verify) and skipped`,
            ),
        ),
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    for (const runner of this.runners) await runner.start();
  }

  async onApplicationShutdown(): Promise<void> {
    for (const runner of this.runners) await runner.stop();
    await this.feed.close();
  }

  statuses(): Promise<ProjectionStatus[]> {
    return Promise.resolve(this.runners.map((runner) => runner.status));
  }

  /**
   * Resolves once every projection has applied everything stored, including the facts projections
   * derive from each other (decisions feed the ledger): waits until the head stops moving.
   */
  async catchUp(timeoutMillis = 30000): Promise<void> {
    const deadline = Date.now() + timeoutMillis;
    for (;;) {
      const head = await this.store.headPosition();
      await this.waitFor(head, Math.max(1, deadline - Date.now()));
      if ((await this.store.headPosition()) === head) return;
    }
  }

  /** Resolves once every projection has caught up with `position`. */
  async waitFor(position: number, timeoutMillis?: number): Promise<void> {
    await Promise.all(this.runners.map((runner) => runner.waitFor(position, timeoutMillis)));
  }
}
