import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import type { AppConfig } from '@ledger/platform/config';
import { EVENT_STORE, READ_MODEL_DB, type EventStore } from '@ledger/platform/event-store';
import type { SqlDatabase } from '@ledger/platform/sql';
import { ProjectionHost } from '@ledger/platform/projections';
import { assertEmbeddedDatabaseExists, assertEmbeddedDatabaseFree } from './embedded-store-guard';
import { LedgerCliModule } from './ledger-cli.module';

export interface LedgerContext {
  commands: CommandBus;
  queries: QueryBus;
  store: EventStore;
  /** Read models and projection checkpoints. */
  db: SqlDatabase;
  /** Present when the projections run (`liveProjections`). */
  projections?: ProjectionHost;
  close(): Promise<void>;
}

/**
 * Opens the configured storage inside a Nest application context, so commands go through the same
 * handlers as the API's requests. Refuses an embedded database another process has open, and with
 * `mustExist` one that is not there.
 */
export async function openLedgerContext(
  config: AppConfig,
  options: { liveProjections: boolean; mustExist: boolean },
): Promise<LedgerContext> {
  if (options.mustExist) assertEmbeddedDatabaseExists(config);
  assertEmbeddedDatabaseFree(config);
  // abortOnError false: a storage that cannot be opened is an error to report, not a reason to abort().
  const app: INestApplicationContext = await NestFactory.createApplicationContext(LedgerCliModule.forRoot(config, options), {
    logger: ['error', 'warn'],
    abortOnError: false,
  });
  return {
    commands: app.get(CommandBus),
    queries: app.get(QueryBus),
    store: app.get<EventStore>(EVENT_STORE),
    db: app.get<SqlDatabase>(READ_MODEL_DB),
    projections: options.liveProjections ? app.get(ProjectionHost) : undefined,
    close: () => app.close(),
  };
}
