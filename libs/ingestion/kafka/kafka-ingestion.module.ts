import { Module, type DynamicModule } from '@nestjs/common';
import { KafkaIngestorHost } from './kafka-ingestor.host';
import { KAFKA_INGESTION_OPTIONS, type KafkaIngestionOptions } from './kafka-ingestion.options';

/**
 * Kafka consumption for a Nest app. Needs what the API wires too: CqrsModule with the
 * IngestEventsHandler, StorageModule (EVENT_STORE) and nestjs-pino's LoggerModule.
 */
@Module({})
export class KafkaIngestionModule {
  static forRoot(options: KafkaIngestionOptions): DynamicModule {
    return {
      module: KafkaIngestionModule,
      providers: [{ provide: KAFKA_INGESTION_OPTIONS, useValue: options }, KafkaIngestorHost],
      exports: [KafkaIngestorHost],
    };
  }
}
