import { Module } from '@nestjs/common';
import {
  GetPartnerBalanceHandler,
  GetPartnerStatementHandler,
  GetPartnerTierHandler,
  VerifyLedgerHandler,
} from '@ledger/ledger/read-model';
import { RecordAdjustmentHandler } from './record-adjustment.command';
import { SchedulePayoutRunHandler } from './schedule-payout-run.command';

/** The ledger's finance commands (payout runs, adjustments) and queries (balances, statements, tiers, verification). */
@Module({
  providers: [
    SchedulePayoutRunHandler,
    RecordAdjustmentHandler,
    GetPartnerBalanceHandler,
    GetPartnerStatementHandler,
    GetPartnerTierHandler,
    VerifyLedgerHandler,
  ],
})
export class LedgerModule {}
