import type { EventStore } from '@ledger/platform/event-store';
import { ProjectionRunner } from './projection-runner';
import { resetProjections } from './reset-projections';
import { type Projection } from './projection';
import type { SqlDatabase } from '@ledger/platform/sql';

/** How a rebuild reports its progress over global positions (the CLI draws a bar). */
export interface RebuildProgress {
  start(total: number, payload: { behind: string }): void;
  update(value: number, payload: { behind: string }): void;
  setTotal(total: number): void;
  stop(): void;
}

/** The rebuild could not finish: a projection keeps failing, or it was interrupted. */
export class RebuildFailedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RebuildFailedError';
  }
}

/**
 * A projection that failed this many attempts in a row (the database or the store is unavailable)
 * is reported instead of retried forever; an event a projection cannot apply does not count here:
 * the runner records it as an exception and goes on.
 */
const MAX_FAILURES = 3;
const POLL_MILLIS = 100;

/**
 * Drops every given projection's read model and checkpoint and replays the whole store into
 * them, with the runner the API uses. Derived facts (decisions, automatic rejections) already in
 * the store come out with the same ids and are answered `duplicate`, so the events do not change.
 * Returns once every projection has applied everything stored and the head stopped moving. The
 * reset also forgets the events recorded as exceptions: each is tried again, and recorded again
 * if it still cannot be applied (`exceptions` counts them per projection).
 */
export async function rebuildProjections(
  store: EventStore,
  db: SqlDatabase,
  projections: Projection[],
  progress: RebuildProgress,
  interrupted: () => boolean = () => false,
): Promise<{ head: number; exceptions: Record<string, number> }> {
  await resetProjections(db, projections);
  const runners = projections.map((projection) => new ProjectionRunner(projection, store, db));
  try {
    let head = await store.headPosition();
    progress.start(head, { behind: projections.map((projection) => projection.name).join(', ') });
    for (const runner of runners) await runner.start();
    for (;;) {
      const statuses = runners.map((runner) => runner.status);
      const failing = statuses.find((status) => status.failures >= MAX_FAILURES);
      if (failing)
        throw new RebuildFailedError(
          `projection ${failing.name} failed ${failing.failures} times at position ${failing.checkpoint}: ${failing.error}`,
        );
      if (interrupted())
        throw new RebuildFailedError(
          'interrupted: the projections are partly rebuilt; they resume from their checkpoints when the API starts, or run rebuild again',
        );
      const slowest = Math.min(...statuses.map((status) => status.checkpoint));
      const behind = statuses.filter((status) => status.checkpoint < head).map((status) => status.name);
      progress.update(Math.min(slowest, head), { behind: behind.join(', ') || 'done' });
      if (slowest >= head) {
        const latest = await store.headPosition();
        if (latest === head) break;
        head = latest; // a projection derived new facts (events nobody had projected before): follow them
        progress.setTotal(head);
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MILLIS));
    }
    const exceptions = Object.fromEntries(
      runners
        .map((runner) => runner.status)
        .filter((status) => status.exceptions > 0)
        .map((status) => [status.name, status.exceptions]),
    );
    return { head, exceptions };
  } finally {
    progress.stop();
    for (const runner of runners) await runner.stop();
  }
}
