import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import type { AppConfig } from '@ledger/config';
import { StorageModule } from '@ledger/event-store';
import { IngestEventsHandler } from '@ledger/ingestion';
import {
  GetPartnerBalanceHandler,
  GetPartnerSourcedRevenueHandler,
  GetPartnerStatementHandler,
  GetPartnerTierHandler,
  liveProjections,
  PROJECTION_CATCH_UP,
  SchedulePayoutRunHandler,
  VerifyLedgerHandler,
} from '@ledger/projections';
import { PROJECTIONS, ProjectionHost } from '../../api/src/projections/projection-host';

/**
 * The API's storage, command and query wiring without its transport (no HTTP, no API keys, no
 * request logs). With `liveProjections` the projections run as in the API, so what a command
 * ingests is attributed and booked exactly as if it had come through `POST /v1/events`.
 */
@Module({})
export class LedgerCliModule {
  static forRoot(config: AppConfig, options: { liveProjections: boolean }): DynamicModule {
    const providers: Provider[] = [IngestEventsHandler, GetPartnerBalanceHandler, GetPartnerStatementHandler, GetPartnerTierHandler, GetPartnerSourcedRevenueHandler, VerifyLedgerHandler];
    if (options.liveProjections) {
      providers.push(
        { provide: PROJECTIONS, useFactory: liveProjections },
        ProjectionHost,
        { provide: PROJECTION_CATCH_UP, useExisting: ProjectionHost },
        SchedulePayoutRunHandler,
      );
    }
    return { module: LedgerCliModule, imports: [CqrsModule.forRoot(), StorageModule.forRoot(config)], providers };
  }
}
