import type { KafkaConfig } from '@ledger/platform/config';
import type { KafkaIngestorOptions } from './kafka-ingestor';

/** Injection token of the KafkaIngestionModule's options. */
export const KAFKA_INGESTION_OPTIONS = Symbol('KAFKA_INGESTION_OPTIONS');

export interface KafkaIngestionOptions extends Pick<KafkaIngestorOptions, 'onFatal' | 'afterAppend'> {
  kafka: KafkaConfig;
}
