import { Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { LoggerModule } from 'nestjs-pino';
import type { IngestorConfig } from '@ledger/platform/config';
import { StorageModule } from '@ledger/platform/event-store';
import { IngestEventsHandler } from '@ledger/ingestion/application';
import { KafkaIngestionModule, type KafkaIngestionOptions } from '@ledger/ingestion/kafka';
import { INGESTOR_CONFIG } from './config.token';
import { HealthController } from './health/health.controller';

/** Wiring only: Kafka in, the event store out, /health beside it. */
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
      ],
      controllers: [HealthController],
      providers: [{ provide: INGESTOR_CONFIG, useValue: config }, IngestEventsHandler],
    };
  }
}
