import { Counter, Gauge, type Registry } from 'prom-client';
import { probe } from '@ledger/platform/process';
import type { ProjectionStatus } from '@ledger/platform/projections';

/** A scrape must answer even while the store does not; the lag is then left out, not guessed. */
const HEAD_TIMEOUT_MILLIS = 2000;

export interface ProjectionSource {
  statuses(): ProjectionStatus[] | Promise<ProjectionStatus[]>;
}

interface Snapshot {
  head?: number;
  statuses: ProjectionStatus[];
}

/**
 * Projection metrics, read at scrape time from what /health reads: the store head and each
 * projection's status. Works the same whether the projections run in this process (the runner's
 * status) or in a projector (checkpoints read from the database; the batch and event counters
 * then come from the projector's own /metrics).
 */
export function registerProjectionMetrics(registry: Registry, source: ProjectionSource, headPosition: () => Promise<number>): void {
  // One scrape collects every metric at once: they share the snapshot in flight, and the next scrape takes a new one.
  let inFlight: Promise<Snapshot> | undefined;
  const snapshot = (): Promise<Snapshot> => {
    inFlight ??= (async () => {
      try {
        const [head, statuses] = await Promise.all([
          probe(headPosition(), HEAD_TIMEOUT_MILLIS),
          probe(Promise.resolve(source.statuses()), HEAD_TIMEOUT_MILLIS),
        ]);
        return { head: head.ok ? head.value : undefined, statuses: statuses.ok ? statuses.value : [] };
      } finally {
        inFlight = undefined;
      }
    })();
    return inFlight;
  };

  const perProjection = (name: string, help: string, value: (status: ProjectionStatus, head?: number) => number | undefined) =>
    new Gauge({
      name,
      help,
      labelNames: ['projection'] as const,
      registers: [registry],
      async collect() {
        const { head, statuses } = await snapshot();
        this.reset();
        for (const status of statuses) {
          const measured = value(status, head);
          if (measured !== undefined) this.set({ projection: status.name }, measured);
        }
      },
    });

  new Gauge({
    name: 'ledger_event_store_head_position',
    help: 'Global position of the last stored event (absent while the store does not answer)',
    registers: [registry],
    async collect() {
      const { head } = await snapshot();
      this.reset();
      if (head !== undefined) this.set(head);
    },
  });
  perProjection('ledger_projection_checkpoint_position', 'Last global position the projection has applied', (status) => status.checkpoint);
  perProjection(
    'ledger_projection_lag_events',
    'Events stored but not yet applied by the projection (store head - checkpoint)',
    (status, head) => (head === undefined ? undefined : Math.max(0, head - status.checkpoint)),
  );
  perProjection(
    'ledger_projection_exceptions',
    'Events the projection could not apply, recorded and skipped (GET /v1/ledger/verify lists them)',
    (status) => status.exceptions,
  );
  perProjection('ledger_projection_retrying', '1 while the projection retries after a failure (database or store unavailable)', (status) =>
    status.state === 'retrying' ? 1 : 0,
  );

  const perProjectionTotal = (name: string, help: string, value: (status: ProjectionStatus) => number | undefined) =>
    new Counter({
      name,
      help,
      labelNames: ['projection'] as const,
      registers: [registry],
      // Mirrors the runner's own count since start-up; a restart resets it, as Prometheus expects of a counter.
      async collect() {
        const { statuses } = await snapshot();
        this.reset();
        for (const status of statuses) {
          const measured = value(status);
          if (measured !== undefined) this.inc({ projection: status.name }, measured);
        }
      },
    });
  perProjectionTotal(
    'ledger_projection_batches_total',
    'Batches the projection applied and committed in this process',
    (status) => status.batches,
  );
  perProjectionTotal(
    'ledger_projection_events_applied_total',
    'Events the projection applied and committed in this process',
    (status) => status.eventsApplied,
  );
}
