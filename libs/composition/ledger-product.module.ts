import { Module } from '@nestjs/common';
import { AttributionModule } from '@ledger/attribution/application';
import { IngestionModule } from '@ledger/ingestion/application';
import { LedgerModule } from '@ledger/ledger/application';
import { ReportingModule } from '@ledger/reporting/application';
import { RiskModule } from '@ledger/risk/application';
import { SimulationModule } from '@ledger/simulation/application';

/** Every bounded context's commands, queries and jobs, for an app to put a transport in front of. */
@Module({
  imports: [IngestionModule, AttributionModule, LedgerModule, RiskModule, ReportingModule, SimulationModule],
  exports: [IngestionModule, AttributionModule, LedgerModule, RiskModule, ReportingModule, SimulationModule],
})
export class LedgerProductModule {}
