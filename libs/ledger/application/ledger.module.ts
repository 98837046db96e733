import { Module } from '@nestjs/common';
import {
  GetCommissionsByMonthHandler,
  GetPartnerBalanceHandler,
  GetPartnerProfileHandler,
  GetPartnerStatementHandler,
  GetPartnerTierHandler,
  GetPayoutRunHandler,
  ListAdjustmentsHandler,
  ListConversionsHandler,
  ListPartnersHandler,
  ListPayoutRunsHandler,
  PreviewPayoutRunHandler,
  VerifyLedgerHandler,
} from '@ledger/ledger/read-model';
import { RecordAdjustmentHandler } from './record-adjustment.command';
import { SchedulePayoutRunHandler } from './schedule-payout-run.command';

/**
 * The ledger's finance commands (payout runs, adjustments) and queries (balances, commissions by month, statements, tiers,
 * verification, and the lists: partners, conversions, payout runs and their preview, adjustments).
 */
@Module({
  providers: [
    SchedulePayoutRunHandler,
    RecordAdjustmentHandler,
    GetPartnerBalanceHandler,
    GetCommissionsByMonthHandler,
    GetPartnerStatementHandler,
    GetPartnerTierHandler,
    VerifyLedgerHandler,
    ListPartnersHandler,
    GetPartnerProfileHandler,
    ListConversionsHandler,
    ListPayoutRunsHandler,
    GetPayoutRunHandler,
    PreviewPayoutRunHandler,
    ListAdjustmentsHandler,
  ],
})
export class LedgerModule {}
