import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { IngestionMetrics } from './metrics.port';

/** Where an appended event came from: an upstream system, or the ledger recording a fact of its own. */
export type AppendedKind = 'upstream' | 'ledger';

const VERDICTS = ['accepted', 'duplicate', 'conflict', 'rejected'] as const;

/**
 * Report queries aim at p99 < 50 ms, ingestion requests of 1,000 events take longer: buckets
 * fine below 100 ms and sparse up to the 30 s a projection wait may take.
 */
const HTTP_BUCKETS_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

let processRegistry: Registry | undefined;

/**
 * Memory, CPU, event-loop lag and GC belong to the process, not to one app: registered once per
 * process, so tests that start many apps in one process do not stack collectors (each one keeps
 * an event-loop monitor and a GC observer alive).
 */
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

/**
 * One app's metrics (SPEC §5 `GET /metrics`): what it appended, the verdicts it gave, how its
 * HTTP requests went; the projection and Kafka metrics register themselves on `registry` too.
 * Every name starts with `ledger_`; the process metrics keep prom-client's standard names.
 */
export class LedgerMetrics implements IngestionMetrics {
  readonly registry = new Registry();

  private readonly appended = new Counter({
    name: 'ledger_events_appended_total',
    help: 'Events newly stored (accepted appends; duplicates and conflicts store nothing), by where they came from',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });

  private readonly verdicts = new Counter({
    name: 'ledger_ingestion_verdicts_total',
    help: 'Verdicts on upstream events (HTTP and Kafka), by status',
    labelNames: ['status'] as const,
    registers: [this.registry],
  });

  private readonly httpDuration = new Histogram({
    name: 'ledger_http_request_duration_seconds',
    help: 'HTTP request latency, by method, route template and status class',
    labelNames: ['method', 'route', 'status_class'] as const,
    buckets: HTTP_BUCKETS_SECONDS,
    registers: [this.registry],
  });

  private readonly httpResponses = new Counter({
    name: 'ledger_http_responses_total',
    help: 'HTTP answers by exact status code (503 = a dependency is unavailable, 429 = throttled)',
    labelNames: ['status'] as const,
    registers: [this.registry],
  });

  constructor() {
    // Series that exist from the start make rate() and absent-alerts work before the first event.
    for (const kind of ['upstream', 'ledger'] as const) this.appended.inc({ kind }, 0);
    for (const status of VERDICTS) this.verdicts.inc({ status }, 0);
  }

  countAppended(kind: AppendedKind, count: number): void {
    if (count > 0) this.appended.inc({ kind }, count);
  }

  countVerdicts(statuses: readonly string[]): void {
    for (const status of statuses) this.verdicts.inc({ status });
  }

  observeHttp(method: string, route: string, status: number, seconds: number): void {
    this.httpDuration.observe({ method, route, status_class: `${Math.floor(status / 100)}xx` }, seconds);
    this.httpResponses.inc({ status: String(status) });
  }

  /** The Prometheus text exposition of this app's metrics and the process's. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    const [own, process] = await Promise.all([this.registry.metrics(), processMetrics().metrics()]);
    return { contentType: this.registry.contentType, body: `${own}\n${process}` };
  }
}
