import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import type { IngestorConfig } from '@ledger/platform/config';
import type { KafkaIngestionOptions } from '@ledger/ingestion/kafka';
import { IngestorModule } from './ingestor.module';

/** Builds the ingestor app (used by main.ts and by the tests); `init` or `listen` starts the consumer, `close` drains and stops it. */
export async function createIngestor(config: IngestorConfig, hooks: Omit<KafkaIngestionOptions, 'kafka'> = {}): Promise<INestApplication> {
  const app = await NestFactory.create(IngestorModule.forRoot(config, hooks), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  return app;
}
