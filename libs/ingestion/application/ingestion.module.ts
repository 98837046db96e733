import { Module } from '@nestjs/common';
import { IngestEventsHandler } from './ingest-events.handler';

/** Upstream facts in: validate, then one atomic append. */
@Module({ providers: [IngestEventsHandler] })
export class IngestionModule {}
