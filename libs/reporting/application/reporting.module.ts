import { Module } from '@nestjs/common';
import { GetPartnerSourcedRevenueHandler, GetProgramKpisHandler } from '@ledger/reporting/read-model';

/** Reporting's queries: partner-sourced revenue and program KPIs. */
@Module({ providers: [GetPartnerSourcedRevenueHandler, GetProgramKpisHandler] })
export class ReportingModule {}
