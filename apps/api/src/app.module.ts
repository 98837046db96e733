import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { LoggerModule } from 'nestjs-pino';
import { AuthModule } from '@ledger/auth';
import type { AppConfig } from '@ledger/config';
import { StorageModule } from '@ledger/event-store';
import { IngestEventsHandler } from '@ledger/ingestion';
import {
  AdoptPolicyHandler,
  RetractPolicyHandler,
  GetAttributionPoliciesHandler,
  GetConversionAttributionHandler,
  GetPartnerBalanceHandler,
  GetPartnerStatementHandler,
  GetPartnerSourcedRevenueHandler,
  GetPartnerTierHandler,
  GetProgramKpisHandler,
  liveProjections,
  PROJECTION_CATCH_UP,
  RecordAdjustmentHandler,
  SchedulePayoutRunHandler,
  SimulationJobs,
  VerifyLedgerHandler,
} from '@ledger/projections';
import { ConversionsController } from './attribution/conversions.controller';
import { PoliciesController } from './attribution/policies.controller';
import { APP_CONFIG } from './config.token';
import { DependencyUnavailableFilter } from './errors/dependency-unavailable.filter';
import { EventsController } from './events/events.controller';
import { HealthController } from './health/health.controller';
import { IdempotencyStore } from './idempotency/idempotency-store';
import { AdjustmentsController } from './ledger/adjustments.controller';
import { LedgerController } from './ledger/ledger.controller';
import { PartnersController } from './ledger/partners.controller';
import { PayoutsController } from './ledger/payouts.controller';
import { ReportsController } from './reports/reports.controller';
import { SimulationsController } from './simulations/simulations.controller';
import { PROJECTIONS, ProjectionHost } from './projections/projection-host';

/** Wiring only: transports and adapters around the libraries that hold the logic. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.logLevel,
            // API keys travel in the Authorization header; they must never reach a log line.
            redact: { paths: ['req.headers.authorization', 'req.headers.cookie'], remove: true },
            customProps: (req) => ({ principal: (req as { principal?: { keyId: string; role: string } }).principal?.keyId }),
          },
        }),
        CqrsModule.forRoot(),
        StorageModule.forRoot(config),
        AuthModule.forRoot({ apiKeys: config.apiKeys, dataDir: config.dataDir, print: (line) => process.stdout.write(`${line}\n`) }),
      ],
      controllers: [EventsController, ConversionsController, PoliciesController, PartnersController, PayoutsController, AdjustmentsController, LedgerController, ReportsController, SimulationsController, HealthController],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: APP_FILTER, useClass: DependencyUnavailableFilter },
        { provide: PROJECTIONS, useFactory: liveProjections },
        ProjectionHost,
        { provide: PROJECTION_CATCH_UP, useExisting: ProjectionHost },
        IngestEventsHandler,
        AdoptPolicyHandler,
        RetractPolicyHandler,
        GetAttributionPoliciesHandler,
        GetConversionAttributionHandler,
        GetPartnerBalanceHandler,
        GetPartnerStatementHandler,
        GetPartnerTierHandler,
        GetPartnerSourcedRevenueHandler,
        GetProgramKpisHandler,
        VerifyLedgerHandler,
        SchedulePayoutRunHandler,
        RecordAdjustmentHandler,
        SimulationJobs,
        IdempotencyStore,
      ],
    };
  }
}
