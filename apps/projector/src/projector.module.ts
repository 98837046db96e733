import { Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { LoggerModule } from 'nestjs-pino';
import { selectProjections } from '@ledger/composition';
import type { AppConfig } from '@ledger/platform/config';
import { StorageModule } from '@ledger/platform/event-store';
import { MetricsModule } from '@ledger/platform/metrics';
import { ProjectionsModule } from '@ledger/platform/projections';
import { ProjectorHealthController } from './health/projector-health.controller';

/** Wiring only: the event store in, the read models out; no public API, just /health and /metrics. */
@Module({})
export class ProjectorModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ProjectorModule,
      imports: [
        LoggerModule.forRoot({ pinoHttp: { level: config.logLevel, autoLogging: false } }),
        CqrsModule.forRoot(),
        StorageModule.forRoot(config),
        // PROJECTIONS picks some of them: a projector per projection spreads a catch-up over processes.
        ProjectionsModule.forRoot(selectProjections(config.projections, config), { run: true }),
        // Projection progress, batches and events applied; on PROJECTOR_PORT, or on METRICS_PORT.
        MetricsModule.forRoot({ port: config.metricsPort }),
      ],
      controllers: [ProjectorHealthController],
    };
  }
}
