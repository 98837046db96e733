import { Inject, Injectable, Module, type DynamicModule, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { EVENT_STORE, LedgerFactGuard, type EventStore } from '@ledger/platform/event-store';
import { LEDGER_SOURCE } from '@ledger/contracts';
import { PROJECTION_MONITOR, type ProjectionMonitor } from '@ledger/platform/projections';
import { LedgerMetrics } from './ledger-metrics';
import { MetricsController } from './metrics.controller';
import { INGESTION_METRICS } from './metrics.port';
import { MetricsServer } from './metrics-server';
import { registerProjectionMetrics } from './projection-metrics';

export interface MetricsOptions {
  /** METRICS_PORT: serve /metrics on this port, on a server of its own, and not on the app's port. */
  port?: number;
}

const METRICS_OPTIONS = Symbol('METRICS_OPTIONS');

/** Starts and stops the METRICS_PORT server with the app. */
@Injectable()
class MetricsServerLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly server?: MetricsServer;

  constructor(metrics: LedgerMetrics, @Inject(METRICS_OPTIONS) options: MetricsOptions) {
    if (options.port !== undefined) this.server = new MetricsServer(metrics, options.port);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.server?.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.server?.stop();
  }
}

/**
 * Hooks the metrics to what the app has: every append (through the ledger-fact guard all writers
 * use) and, where the app has projections (running here or followed in a projector), their lag.
 */
function wireMetrics(metrics: LedgerMetrics, store: EventStore, projections?: ProjectionMonitor): LedgerMetrics {
  if (store instanceof LedgerFactGuard) {
    store.onAppended((candidates, outcomes) => {
      let upstream = 0;
      let ledger = 0;
      outcomes.forEach((outcome, index) => {
        if (outcome.status !== 'accepted') return;
        if (candidates[index].event.source === LEDGER_SOURCE) ledger += 1;
        else upstream += 1;
      });
      metrics.countAppended('upstream', upstream);
      metrics.countAppended('ledger', ledger);
    });
  }
  if (projections) registerProjectionMetrics(metrics.registry, projections, () => store.headPosition());
  return metrics;
}

/**
 * Prometheus metrics for an app (global: ingestion reports its verdicts through
 * INGESTION_METRICS). Needs StorageModule; picks up ProjectionsModule when the app has it.
 */
@Module({})
export class MetricsModule {
  static forRoot(options: MetricsOptions = {}): DynamicModule {
    return {
      module: MetricsModule,
      global: true,
      controllers: options.port === undefined ? [MetricsController] : [],
      providers: [
        { provide: METRICS_OPTIONS, useValue: options },
        {
          provide: LedgerMetrics,
          inject: [EVENT_STORE, { token: PROJECTION_MONITOR, optional: true }],
          useFactory: (store: EventStore, projections?: ProjectionMonitor) => wireMetrics(new LedgerMetrics(), store, projections),
        },
        { provide: INGESTION_METRICS, useExisting: LedgerMetrics },
        MetricsServerLifecycle,
      ],
      exports: [LedgerMetrics, INGESTION_METRICS],
    };
  }
}
