import { Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import type { AppConfig } from '@ledger/platform/config';
import { StorageModule } from '@ledger/platform/event-store';
import { LedgerProductModule, liveProjections } from '@ledger/composition';
import { ProjectionsModule } from '@ledger/platform/projections';

/**
 * The API's storage, command and query wiring without its transport (no HTTP, no API keys, no
 * request logs). With `liveProjections` the projections run as in the API, so what a command
 * ingests is attributed and booked exactly as if it had come through `POST /v1/events`.
 */
@Module({})
export class LedgerCliModule {
  static forRoot(config: AppConfig, options: { liveProjections: boolean }): DynamicModule {
    // Read-only commands (verify, statement) host no projection: the read models stay as the API last wrote them.
    const projections = options.liveProjections ? () => liveProjections(config) : () => [];
    return {
      module: LedgerCliModule,
      imports: [CqrsModule.forRoot(), StorageModule.forRoot(config), ProjectionsModule.forRoot(projections), LedgerProductModule],
    };
  }
}
