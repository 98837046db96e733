export * from './ingest-events.command';
export * from './ingest-events.handler';
export * from './ingestion.module';
