import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { LoggerModule } from 'nestjs-pino';
import { AuthModule } from '@ledger/platform/auth';
import type { AppConfig } from '@ledger/platform/config';
import { StorageModule } from '@ledger/platform/event-store';
import { LedgerProductModule, liveProjections } from '@ledger/composition';
import { ProjectionsModule } from '@ledger/platform/projections';
import { MetricsModule } from '@ledger/platform/metrics';
import { NotificationsModule, notificationsOptions } from '@ledger/notifications/application';
import { ConversionsController } from './attribution/conversions.controller';
import { DealsController } from './attribution/deals.controller';
import { PoliciesController } from './attribution/policies.controller';
import { APP_CONFIG } from './config.token';
import { EventsController } from './events/events.controller';
import { HealthController } from './health/health.controller';
import { MeController } from './me/me.controller';
import { ErrorResponsesFilter, IdempotencyStore } from '@ledger/platform/http';
import { AdjustmentsController } from './ledger/adjustments.controller';
import { LedgerController } from './ledger/ledger.controller';
import { PartnersController } from './ledger/partners.controller';
import { PayoutsController } from './ledger/payouts.controller';
import { ReportsController } from './reports/reports.controller';
import { DisputesController } from './risk/disputes.controller';
import { RiskController } from './risk/risk.controller';
import { SimulationsController } from './simulations/simulations.controller';
import { WebhooksController } from './webhooks/webhooks.controller';

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
        ProjectionsModule.forRoot(() => liveProjections(config), { run: config.runProjections }),
        LedgerProductModule,
        MetricsModule.forRoot({ port: config.metricsPort }),
        // Webhook deliveries and the Kafka publisher run in the API process (whichever process runs the projections).
        NotificationsModule.forRoot(notificationsOptions(config)),
      ],
      controllers: [
        EventsController,
        MeController,
        ConversionsController,
        PoliciesController,
        PartnersController,
        DealsController,
        PayoutsController,
        AdjustmentsController,
        RiskController,
        DisputesController,
        LedgerController,
        ReportsController,
        SimulationsController,
        WebhooksController,
        HealthController,
      ],
      providers: [{ provide: APP_CONFIG, useValue: config }, { provide: APP_FILTER, useClass: ErrorResponsesFilter }, IdempotencyStore],
    };
  }
}
