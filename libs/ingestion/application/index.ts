export * from './ingest-events.command';
export * from './ingest-events.handler';
export * from './stream-for-event';
export * from './ingestion.module';
