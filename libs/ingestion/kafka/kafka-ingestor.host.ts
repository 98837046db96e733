import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { EVENT_STORE, type EventStore } from '@ledger/platform/event-store';
import { IngestEventsCommand } from '@ledger/ingestion/application';
import { KafkaIngestor } from './kafka-ingestor';
import { KAFKA_INGESTION_OPTIONS, type KafkaIngestionOptions } from './kafka-ingestion.options';

/**
 * Runs the KafkaIngestor inside a Nest app: it starts once the app is up and stops (draining the
 * batch in progress) before any module closes, so the event store is still open while it drains.
 */
@Injectable()
export class KafkaIngestorHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly ingestor: KafkaIngestor;

  constructor(
    commands: CommandBus,
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(KAFKA_INGESTION_OPTIONS) options: KafkaIngestionOptions,
    @InjectPinoLogger(KafkaIngestor.name) logger: PinoLogger,
  ) {
    this.ingestor = new KafkaIngestor({
      ...options,
      // Same contract as POST /v1/events; one message is one event, so error paths start at its root.
      ingest: (events) => commands.execute(new IngestEventsCommand(events, false)),
      storeAnswers: () =>
        store.headPosition().then(
          () => true,
          () => false,
        ),
      logger,
    });
  }

  onApplicationBootstrap(): Promise<void> {
    return this.ingestor.start();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.ingestor.stop();
  }
}
