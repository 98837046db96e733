import { Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { LoggerModule } from 'nestjs-pino';
import type { IngestorConfig } from '@ledger/platform/config';
import { StorageModule } from '@ledger/platform/event-store';
import { IngestEventsHandler } from '@ledger/ingestion/application';
import { KafkaIngestionModule, KafkaIngestorHost, type KafkaIngestionOptions } from '@ledger/ingestion/kafka';
import { LedgerMetrics, MetricsModule } from '@ledger/platform/metrics';
import { INGESTOR_CONFIG } from './config.token';
import { HealthController } from './health/health.controller';
import { registerKafkaMetrics } from './metrics/kafka-metrics';

const KAFKA_METRICS = Symbol('KAFKA_METRICS');

/** Wiring only: Kafka in, the event store out, /health and /metrics beside it. */
@Module({})
export class IngestorModule {
  static forRoot(config: IngestorConfig, hooks: Omit<KafkaIngestionOptions, 'kafka'> = {}): DynamicModule {
    return {
      module: IngestorModule,
      imports: [
        LoggerModule.forRoot({ pinoHttp: { level: config.logLevel, autoLogging: false } }),
        CqrsModule.forRoot(),
        StorageModule.forRoot(config),
        KafkaIngestionModule.forRoot({ kafka: config.kafka, ...hooks }),
        // /metrics beside /health on INGESTOR_PORT, or on METRICS_PORT.
        MetricsModule.forRoot({ port: config.metricsPort }),
      ],
      controllers: [HealthController],
      providers: [
        { provide: INGESTOR_CONFIG, useValue: config },
        IngestEventsHandler,
        {
          provide: KAFKA_METRICS,
          inject: [LedgerMetrics, KafkaIngestorHost],
          useFactory: (metrics: LedgerMetrics, host: KafkaIngestorHost) => registerKafkaMetrics(metrics.registry, host.ingestor),
        },
      ],
    };
  }
}
